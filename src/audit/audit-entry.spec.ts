import { REDACTED, redactSecrets } from './audit-entry';

describe('redactSecrets', () => {
  it('replaces secrets at any depth and keeps the rest', () => {
    expect(
      redactSecrets({
        id: 't1',
        name: 'laptop',
        token: 'tp_live_abc',
        tokenHash: 'f00',
        nested: [{ token_hash: 'bar', prefix: 'tp_live_' }],
        password: null,
        at: new Date('2026-01-02T03:04:05Z'),
        gone: undefined,
      }),
    ).toEqual({
      id: 't1',
      name: 'laptop',
      token: REDACTED,
      tokenHash: REDACTED,
      nested: [{ token_hash: REDACTED, prefix: 'tp_live_' }],
      password: null,
      at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('leaves scalars alone and maps undefined to null', () => {
    expect(redactSecrets('x')).toBe('x');
    expect(redactSecrets(3)).toBe(3);
    expect(redactSecrets(undefined)).toBeNull();
  });
});
