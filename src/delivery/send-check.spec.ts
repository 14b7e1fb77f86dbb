import { decideSend, SendCheckRow } from './send-check';

const quiet = { phone: { start: '08:00', end: '21:00' }, email: { start: '07:00', end: '22:00' } };
const base: SendCheckRow = {
  channel: 'email',
  ruleEnabled: true,
  anonymized: false,
  consentStatus: 'granted',
  email: 'ada@example.com',
  phone: '+14155550100',
  phoneInvalid: false,
  suppressed: false,
  timeZone: 'UTC',
  recentOut: 0,
};
const cap = { max: 2, days: 7 };
const noon = new Date('2026-06-15T12:00:00Z');

describe('decideSend', () => {
  it.each<[string, Partial<SendCheckRow>, ReturnType<typeof decideSend>]>([
    ['sends an email in the window', {}, { kind: 'send', to: 'ada@example.com' }],
    ['sends an SMS to the phone', { channel: 'sms' }, { kind: 'send', to: '+14155550100' }],
    ['skips an anonymized customer first', { anonymized: true, suppressed: true }, { kind: 'skip', reason: 'customer_deleted' }],
    ['skips a disabled rule', { ruleEnabled: false }, { kind: 'skip', reason: 'rule_disabled' }],
    ['skips withdrawn consent', { consentStatus: 'withdrawn' }, { kind: 'skip', reason: 'opted_out' }],
    ['skips consent never given', { consentStatus: null }, { kind: 'skip', reason: 'opted_out' }],
    ['skips without an email', { email: null }, { kind: 'skip', reason: 'no_address' }],
    ['skips an invalid phone', { channel: 'sms', phoneInvalid: true }, { kind: 'skip', reason: 'no_address' }],
    ['skips a suppressed address', { suppressed: true }, { kind: 'skip', reason: 'suppressed' }],
    ['sends while the cap has room', { recentOut: 1 }, { kind: 'send', to: 'ada@example.com' }],
    ['holds back a touch the cap has no room for at its moment', { recentOut: 2 }, { kind: 'skip', reason: 'capped' }],
    [
      'moves a touch out of quiet hours before the cap decides, at its new moment',
      { channel: 'sms', timeZone: 'Asia/Tokyo', recentOut: 5 },
      { kind: 'reschedule', at: new Date('2026-06-15T23:00:00Z') },
    ],
    [
      'moves an SMS at 21:00 Tokyo to 08:00 next day',
      { channel: 'sms', timeZone: 'Asia/Tokyo' },
      { kind: 'reschedule', at: new Date('2026-06-15T23:00:00Z') },
    ],
    [
      'moves an email at 05:00 New York to 07:00',
      { timeZone: 'America/New_York' } as Partial<SendCheckRow>,
      { kind: 'send', to: 'ada@example.com' },
    ],
  ])('%s', (_, overrides, expected) => {
    expect(decideSend({ ...base, ...overrides }, noon, quiet, cap)).toEqual(expected);
  });

  it('moves an early email to the start of the window, DST-aware', () => {
    const early = new Date('2026-06-15T09:00:00Z'); // 05:00 in New York (EDT)
    expect(decideSend({ ...base, timeZone: 'America/New_York' }, early, quiet, cap)).toEqual({
      kind: 'reschedule',
      at: new Date('2026-06-15T11:00:00Z'),
    });
    const winter = new Date('2026-01-15T10:00:00Z'); // 05:00 EST
    expect(decideSend({ ...base, timeZone: 'America/New_York' }, winter, quiet, cap)).toEqual({
      kind: 'reschedule',
      at: new Date('2026-01-15T12:00:00Z'),
    });
  });

  it('honours a narrower configured SMS window', () => {
    const narrow = { ...quiet, phone: { start: '10:00', end: '18:00' } };
    expect(decideSend({ ...base, channel: 'sms' }, new Date('2026-06-15T09:30:00Z'), narrow, cap)).toEqual({
      kind: 'reschedule',
      at: new Date('2026-06-15T10:00:00Z'),
    });
  });
});
