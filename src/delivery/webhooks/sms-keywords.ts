/**
 * What an inbound SMS asks for. The keywords are the carrier-standard opt-out and opt-in words
 * (the same ones Twilio's own opt-out handling reacts to), matched on the whole trimmed message in
 * any case, so "Stop" opts out but "please don't stop" is a reply.
 */
export type InboundIntent = 'stop' | 'start' | 'help' | 'reply';

const STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START = new Set(['START', 'UNSTOP', 'YES']);
const HELP = new Set(['HELP', 'INFO']);

export function classifyInboundSms(body: string | undefined): InboundIntent {
  // Phones append punctuation or send a full-width space now and then: compare the bare word.
  const word = (body ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if (STOP.has(word)) return 'stop';
  if (START.has(word)) return 'start';
  if (HELP.has(word)) return 'help';
  return 'reply';
}

export function helpText(company: string): string {
  return `${company}: personal messages from your account manager. Reply STOP to unsubscribe, START to subscribe again.`;
}

/** TwiML answer: a message back to the sender, or nothing. */
export function twiml(message?: string): string {
  const inner = message ? `<Message>${escapeXml(message)}</Message>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
