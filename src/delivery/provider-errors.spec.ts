import { classifyFailure, ProviderFailure, redact } from './provider-errors';

describe('classifyFailure', () => {
  const cases: [string, ProviderFailure, ReturnType<typeof classifyFailure>][] = [
    [
      'network error',
      { provider: 'sendgrid', network: true, message: 'ECONNRESET' },
      { kind: 'retry', reason: 'sendgrid:network', retryAfterMs: null },
    ],
    [
      'SendGrid 429 with Retry-After',
      { provider: 'sendgrid', status: 429, retryAfterMs: 3000, message: 'Too Many Requests' },
      { kind: 'retry', reason: 'sendgrid:429', retryAfterMs: 3000 },
    ],
    [
      'SendGrid 500',
      { provider: 'sendgrid', status: 500, message: 'Internal' },
      { kind: 'retry', reason: 'sendgrid:500', retryAfterMs: null },
    ],
    [
      'SendGrid 503',
      { provider: 'sendgrid', status: 503, message: 'Unavailable' },
      { kind: 'retry', reason: 'sendgrid:503', retryAfterMs: null },
    ],
    [
      'Twilio 429 (20429)',
      { provider: 'twilio', status: 429, code: 20429, message: 'Too Many Requests' },
      { kind: 'retry', reason: 'twilio:20429', retryAfterMs: null },
    ],
    ['Twilio 500', { provider: 'twilio', status: 500, message: 'x' }, { kind: 'retry', reason: 'twilio:500', retryAfterMs: null }],
    [
      'Twilio 21211 invalid To',
      { provider: 'twilio', status: 400, code: 21211, message: "The 'To' number +14155550100 is not a valid phone number." },
      { kind: 'permanent', reason: 'twilio:21211 invalid number', phoneInvalid: true },
    ],
    [
      'Twilio 21614 not mobile',
      { provider: 'twilio', status: 400, code: 21614, message: 'not a mobile number' },
      { kind: 'permanent', reason: 'twilio:21614 invalid number', phoneInvalid: true },
    ],
    [
      'Twilio 21610 opted out',
      { provider: 'twilio', status: 400, code: 21610, message: 'unsubscribed recipient' },
      { kind: 'permanent', reason: 'twilio:21610 opted out', suppress: 'stop' },
    ],
    [
      'Twilio other 400',
      { provider: 'twilio', status: 400, code: 21612, message: 'cannot route' },
      { kind: 'permanent', reason: 'twilio:21612 cannot route' },
    ],
    [
      'SendGrid invalid address',
      { provider: 'sendgrid', status: 400, message: 'Does not contain a valid address.' },
      { kind: 'permanent', reason: 'sendgrid:400 invalid address', suppress: 'invalid_address' },
    ],
    [
      'SendGrid 401',
      { provider: 'sendgrid', status: 401, message: 'The provided authorization grant is invalid' },
      { kind: 'permanent', reason: 'sendgrid:401 The provided authorization grant is invalid' },
    ],
    [
      'SendGrid 413',
      { provider: 'sendgrid', status: 413, message: 'Payload too large' },
      { kind: 'permanent', reason: 'sendgrid:413 Payload too large' },
    ],
  ];
  it.each(cases)('%s', (_, failure, verdict) => {
    expect(classifyFailure(failure)).toEqual(verdict);
  });

  it('keeps addresses out of reasons', () => {
    expect(redact('to ada@example.com and +1 415 555 0100 failed')).toBe('to <email> and <number> failed');
    expect(classifyFailure({ provider: 'sendgrid', status: 400, message: 'bad reply_to ada@example.com' }).reason).toBe(
      'sendgrid:400 bad reply_to <email>',
    );
  });
});
