import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { formatAddress, OutgoingEmail, OutgoingSms } from '../message';
import { EmailTransport, SendReceipt, SmsTransport } from './transport';

/**
 * With no provider keys every message is written to DATA_DIR/outbox instead: `.eml` files a mail
 * client opens, `.json` for SMS. The log line names the touch and the file, never the recipient.
 */
export class Outbox {
  private readonly logger = new Logger('Outbox');
  private ready: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly now: () => Date,
  ) {}

  async write(touchId: string, channel: 'email' | 'sms', extension: string, content: string): Promise<SendReceipt> {
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.ready;
    const id = `outbox-${randomUUID()}`;
    const file = `${this.now().toISOString().replace(/[:.]/g, '-')}-touch-${touchId}-${id.slice(7, 15)}.${extension}`;
    await writeFile(join(this.dir, file), content, 'utf8');
    this.logger.log(`touch ${touchId} ${channel} written to outbox ${file}`);
    return { providerMessageId: id, via: 'outbox' };
  }
}

export class OutboxEmailTransport extends EmailTransport {
  constructor(
    private readonly outbox: Outbox,
    private readonly now: () => Date,
  ) {
    super();
  }

  send(email: OutgoingEmail): Promise<SendReceipt> {
    return this.outbox.write(email.touchId, 'email', 'eml', toEml(email, this.now()));
  }
}

export class OutboxSmsTransport extends SmsTransport {
  constructor(private readonly outbox: Outbox) {
    super();
  }

  send(sms: OutgoingSms): Promise<SendReceipt> {
    return this.outbox.write(sms.touchId, 'sms', 'json', JSON.stringify(sms, null, 2) + '\n');
  }
}

/** RFC 2047 for header values outside ASCII. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function encodeMailbox(address: { name: string; email: string }): string {
  return /^[\x20-\x7e]*$/.test(address.name) ? formatAddress(address) : `${encodeHeader(address.name)} <${address.email}>`;
}

/** A complete RFC 5322 message: every header a provider would send, text and HTML alternatives. */
export function toEml(email: OutgoingEmail, date: Date): string {
  const boundary = `touchpoint-${email.touchId}-${randomUUID()}`;
  const headers: [string, string][] = [
    ['From', encodeMailbox(email.from)],
    ...(email.replyTo ? [['Reply-To', encodeMailbox(email.replyTo)] as [string, string]] : []),
    ['To', email.to],
    ['Subject', encodeHeader(email.subject)],
    ['Date', date.toUTCString().replace('GMT', '+0000')],
    ['Message-ID', `<touch-${email.touchId}-${randomUUID()}@${email.from.email.split('@')[1] ?? 'localhost'}>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(email.headers),
    ...Object.entries(email.customArgs).map(([key, value]) => [`X-Touchpoint-${key.replace(/_/g, '-')}`, value] as [string, string]),
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 8bit', '', body].join('\r\n');
  return [
    ...headers.map(([name, value]) => `${name}: ${value}`),
    '',
    part('text/plain', email.text.replace(/\r?\n/g, '\r\n')),
    part('text/html', email.html.replace(/\r?\n/g, '\r\n')),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
