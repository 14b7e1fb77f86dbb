import { feedbackUrl, signFeedback, verifyFeedback } from './feedback-link';

describe('feedback links', () => {
  const secret = 'a-secret-for-tests';
  const expiresAt = new Date('2026-07-01T00:00:00Z');
  const before = new Date('2026-06-30T23:59:59Z');
  const payload = { touchId: '123456789', customerId: '42', expiresAt };

  it('round-trips touch, customer and expiry while open', () => {
    expect(verifyFeedback(signFeedback(payload, secret), secret, before)).toEqual({ kind: 'valid', payload });
  });

  it('is expired from the expiry instant on, and still names its touch', () => {
    const token = signFeedback(payload, secret);
    expect(verifyFeedback(token, secret, expiresAt)).toEqual({ kind: 'expired', payload });
    expect(verifyFeedback(token, secret, new Date('2027-01-01T00:00:00Z')).kind).toBe('expired');
  });

  it('is short enough for an SMS', () => {
    const token = signFeedback({ touchId: '987654321', customerId: '1234567', expiresAt }, secret);
    expect(token.length).toBeLessThanOrEqual(40);
    expect(feedbackUrl('https://tp.example.com', token)).toBe(`https://tp.example.com/f/${token}`);
  });

  it.each([
    ['another secret', (token: string) => token, 'other-secret'],
    ['another touch', (token: string) => token.replace(/^[^.]+/, (123456790).toString(36)), secret],
    ['another customer', (token: string) => token.replace(/\.[^.]+\./, `.${(43).toString(36)}.`), secret],
    [
      'a later expiry',
      (token: string) =>
        token
          .split('.')
          .map((p, i) => (i === 2 ? (Number.parseInt(p, 36) + 86_400).toString(36) : p))
          .join('.'),
      secret,
    ],
    ['a truncated signature', (token: string) => token.slice(0, -2), secret],
    ['an extra part', (token: string) => `${token}.x`, secret],
    ['a zero id', (token: string) => token, secret, { ...payload, touchId: '0' }],
    ['garbage', () => 'not-a-token', secret],
    ['an empty token', () => '', secret],
  ])('refuses %s, even after its expiry', (_, tamper, key, signed = payload) => {
    const token = tamper(signFeedback(signed, secret));
    expect(verifyFeedback(token, key, before)).toEqual({ kind: 'invalid' });
    expect(verifyFeedback(token, key, new Date('2030-01-01T00:00:00Z'))).toEqual({ kind: 'invalid' });
  });
});
