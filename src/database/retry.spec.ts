import { isConnectionError, retryDelay, retryOnConnectionLoss } from './retry';

describe('isConnectionError', () => {
  it.each([
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '08006', message: 'connection failure' }, true],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('Client has encountered a connection error and is not queryable'), true],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, false],
    [{ code: '42601', message: 'syntax error' }, false],
    [new Error('something else'), false],
    [null, false],
    ['Connection terminated', false],
  ])('%j → %s', (error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });
});

describe('retryOnConnectionLoss', () => {
  const policy = { tries: 4, baseDelayMs: 100, maxDelayMs: 250 };
  const lost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

  it('tries again after a lost connection, with growing bounded waits', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryOnConnectionLoss(
      async () => {
        calls += 1;
        if (calls < 4) throw lost();
        return 'written';
      },
      policy,
      async (ms) => void waits.push(ms),
    );
    expect(result).toBe('written');
    expect(waits).toEqual([100, 200, 250]);
  });

  it('gives up after the last try, and at once on any other error', async () => {
    let calls = 0;
    await expect(
      retryOnConnectionLoss(
        async () => {
          calls += 1;
          throw lost();
        },
        policy,
        async () => undefined,
      ),
    ).rejects.toThrow(/administrator/);
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      retryOnConnectionLoss(
        async () => {
          calls += 1;
          throw Object.assign(new Error('dup'), { code: '23505' });
        },
        policy,
        async () => undefined,
      ),
    ).rejects.toThrow('dup');
    expect(calls).toBe(1);
  });

  it('waits base × 2^(n-2), capped', () => {
    expect([2, 3, 4, 5].map((n) => retryDelay(policy, n))).toEqual([100, 200, 250, 250]);
  });
});
