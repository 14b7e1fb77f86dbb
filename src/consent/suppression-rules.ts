import { isEmail } from 'class-validator';
import { toE164 } from '../common/validators';
import { SuppressionChannel } from './suppression.entity';

export const SUPPRESSION_CHANNELS: SuppressionChannel[] = ['email', 'sms', 'call'];

/** Why an address is suppressed; stored in `suppressions.reason`. */
export const SUPPRESSION_REASONS = ['unsubscribe', 'stop', 'spam_report', 'asked_not_to_call', 'hard_bounce', 'dropped', 'admin'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * The one spelling of an address the suppression list stores and looks up: lower-cased email,
 * E.164 phone for sms and call. Null when the value is not an address of that channel.
 */
export function normalizeAddress(channel: SuppressionChannel, raw: string): string | null {
  const value = raw.trim();
  if (channel === 'email') {
    const email = value.toLowerCase();
    return email.length <= 254 && isEmail(email) ? email : null;
  }
  return toE164(value);
}

/** What the address should look like, for a field error. */
export function addressHint(channel: SuppressionChannel): string {
  return channel === 'email' ? 'must be an email address' : 'must be a phone number with its country code, e.g. +14155550123';
}

/**
 * Reasons that are the customer saying no (as opposed to an address that does not work or an
 * admin's call): these also withdraw the customer's consent for the channel.
 */
export function withdrawsConsent(reason: SuppressionReason): boolean {
  return reason === 'unsubscribe' || reason === 'stop' || reason === 'spam_report' || reason === 'asked_not_to_call';
}

/** The reason written on pending touches a suppression cancels. */
export function cancelReason(reason: SuppressionReason): 'unsubscribed' | 'suppressed' {
  return withdrawsConsent(reason) ? 'unsubscribed' : 'suppressed';
}
