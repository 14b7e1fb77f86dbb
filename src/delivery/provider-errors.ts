/**
 * What a provider's refusal means for a touch. Transports turn SDK errors into a ProviderFailure;
 * `classifyFailure` decides, as a plain function, whether to retry, and what a permanent refusal
 * says about the address.
 */
export type Provider = 'sendgrid' | 'twilio';

export interface ProviderFailure {
  provider: Provider;
  /** HTTP status; absent for network errors and timeouts. */
  status?: number;
  /** The provider's own error code (Twilio 21211, ...). */
  code?: number;
  /** Milliseconds the provider asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** No answer: connection refused or reset, DNS, timeout. */
  network?: boolean;
  /** A short description without personal data. */
  message: string;
}

/** Thrown by transports; carries the failure for classification. */
export class ProviderError extends Error {
  constructor(readonly failure: ProviderFailure) {
    super(failure.message);
    this.name = 'ProviderError';
  }
}

export type FailureVerdict =
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }
  | {
      kind: 'permanent';
      reason: string;
      /** Add the address to the suppression list with this reason. */
      suppress?: string;
      /** Mark the customer's phone number as unusable. */
      phoneInvalid?: boolean;
    };

/** Twilio errors that say the number itself is unusable. */
const TWILIO_INVALID_NUMBER = new Set([21211, 21614, 21217, 21401, 21407]);
/** The recipient replied STOP: Twilio refuses until they reply START. */
const TWILIO_OPTED_OUT = 21610;

/** SendGrid 400s whose message says the recipient address cannot exist. */
const SENDGRID_BAD_ADDRESS = /does not contain a valid address|invalid email|not a valid email/i;

/** Provider messages may quote the recipient; reasons are stored and shown, so addresses go. */
export function redact(message: string): string {
  return message
    .replace(/[^\s<>"']+@[^\s<>"']+/g, '<email>')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '<number>')
    .slice(0, 200);
}

export function classifyFailure(f: ProviderFailure): FailureVerdict {
  const tag = `${f.provider}:${f.network ? 'network' : (f.code ?? f.status ?? 'error')}`;
  if (f.network || f.status === undefined) return { kind: 'retry', reason: tag, retryAfterMs: f.retryAfterMs ?? null };
  if (f.status === 429 || f.status >= 500 || f.status === 408) return { kind: 'retry', reason: tag, retryAfterMs: f.retryAfterMs ?? null };
  if (f.provider === 'twilio') {
    if (f.code === TWILIO_OPTED_OUT) return { kind: 'permanent', reason: 'twilio:21610 opted out', suppress: 'stop' };
    if (f.code !== undefined && TWILIO_INVALID_NUMBER.has(f.code)) {
      return { kind: 'permanent', reason: `twilio:${f.code} invalid number`, phoneInvalid: true };
    }
    return { kind: 'permanent', reason: redact(`${tag} ${f.message}`) };
  }
  if (f.status === 400 && SENDGRID_BAD_ADDRESS.test(f.message)) {
    return { kind: 'permanent', reason: 'sendgrid:400 invalid address', suppress: 'invalid_address' };
  }
  return { kind: 'permanent', reason: redact(`${tag} ${f.message}`) };
}
