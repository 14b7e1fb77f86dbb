import { cancelReason, normalizeAddress, withdrawsConsent } from './suppression-rules';

describe('suppression rules', () => {
  it.each([
    ['email', '  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['email', 'not-an-email', null],
    ['sms', '+1 (415) 555-0123', '+14155550123'],
    ['call', '+84 90 123 45 67', '+84901234567'],
    ['sms', '0901234567', null],
    ['sms', 'STOP', null],
  ] as const)('normalizes %s address %j', (channel, raw, expected) => {
    expect(normalizeAddress(channel, raw)).toBe(expected);
  });

  it.each([
    ['unsubscribe', true, 'unsubscribed'],
    ['stop', true, 'unsubscribed'],
    ['spam_report', true, 'unsubscribed'],
    ['asked_not_to_call', true, 'unsubscribed'],
    ['hard_bounce', false, 'suppressed'],
    ['dropped', false, 'suppressed'],
    ['admin', false, 'suppressed'],
  ] as const)('%s withdraws consent: %s, cancels as %s', (reason, withdraws, cancel) => {
    expect(withdrawsConsent(reason)).toBe(withdraws);
    expect(cancelReason(reason)).toBe(cancel);
  });
});
