import { classifyInboundSms, helpText, twiml } from './sms-keywords';

describe('classifyInboundSms', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['  Stop  ', 'stop'],
    ['Stop.', 'stop'],
    ['stopall', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['Cancel', 'stop'],
    ['end', 'stop'],
    ['quit\n', 'stop'],
    ['ＳＴＯＰ', 'stop'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['Yes', 'start'],
    ['help', 'help'],
    ['INFO', 'help'],
    ['please stop', 'reply'],
    ['Thanks, see you Friday!', 'reply'],
    ['', 'reply'],
    [undefined, 'reply'],
  ] as const)('%j → %s', (body, intent) => {
    expect(classifyInboundSms(body)).toBe(intent);
  });
});

describe('twiml', () => {
  it('answers nothing or one escaped message', () => {
    expect(twiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(twiml(helpText('A&B <Shop>'))).toContain('<Message>A&#38;B &#60;Shop&#62;: personal messages');
  });
});
