import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-link';

describe('unsubscribe links', () => {
  const secret = 'a-secret-for-tests';

  it('round-trips customer, channel and touch', () => {
    const token = signUnsubscribe({ customerId: '42', channel: 'email', touchId: '7' }, secret);
    expect(verifyUnsubscribe(token, secret)).toEqual({ customerId: '42', channel: 'email', touchId: '7' });
    expect(verifyUnsubscribe(signUnsubscribe({ customerId: '9', channel: 'sms' }, secret), secret)).toEqual({
      customerId: '9',
      channel: 'sms',
    });
  });

  it.each([
    ['another secret', (token: string) => token, 'other-secret'],
    [
      'a changed payload',
      (token: string) => Buffer.from(JSON.stringify(['43', 'email', '7'])).toString('base64url') + '.' + token.split('.')[1],
      secret,
    ],
    ['a truncated signature', (token: string) => token.slice(0, -2), secret],
    ['an extra part', (token: string) => `${token}.x`, secret],
    ['garbage', () => 'not-a-token', secret],
  ])('refuses %s', (_, tamper, key) => {
    const token = signUnsubscribe({ customerId: '42', channel: 'email', touchId: '7' }, secret);
    expect(verifyUnsubscribe(tamper(token), key)).toBeNull();
  });
});
