import { OutgoingEmail, OutgoingSms } from '../message';

/** What a provider answered to an accepted message. */
export interface SendReceipt {
  providerMessageId: string;
  /** Which transport took it: sendgrid, twilio or outbox. */
  via: string;
}

/**
 * One per channel, injectable: SendGrid or Twilio when their keys are set, else the outbox.
 * A refusal is thrown as a ProviderError (see provider-errors.ts); anything else thrown counts as
 * a network failure and is retried.
 */
export abstract class EmailTransport {
  abstract send(email: OutgoingEmail): Promise<SendReceipt>;
}

export abstract class SmsTransport {
  abstract send(sms: OutgoingSms): Promise<SendReceipt>;
}
