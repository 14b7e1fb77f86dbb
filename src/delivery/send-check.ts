import { nextAllowed, QuietHoursSettings, windowFor } from '../consent/quiet-hours';
import { Channel } from '../common/domain';
import { FrequencyCap } from '../consent/frequency-cap';

/** What the last check before sending reads about one touch, in one query. */
export interface SendCheckRow {
  channel: Channel;
  ruleEnabled: boolean;
  anonymized: boolean;
  /** consent->channel->status, or null when never given. */
  consentStatus: string | null;
  email: string | null;
  phone: string | null;
  phoneInvalid: boolean;
  suppressed: boolean;
  timeZone: string;
  /** The customer's other touches that went out (sent, delivered, unknown, done) in the cap's last `days`. */
  recentOut: number;
}

export type SendDecision = { kind: 'send'; to: string } | { kind: 'skip'; reason: string } | { kind: 'reschedule'; at: Date };

/**
 * Consent twice: the planner checked when it planned; this runs again just before sending, so an
 * unsubscribe, a STOP, a disabled rule or a move out of the allowed hours since then wins.
 * Reasons match the planner's where they overlap: opted_out, no_address, suppressed, capped.
 * The frequency cap is decided again at the moment the message would go: a touch that quiet
 * hours or an outage moved can land next to ones that went out meanwhile. On time, the planner's
 * cap already leaves room for it, so this only holds back what moved.
 */
export function decideSend(row: SendCheckRow, now: Date, quiet: QuietHoursSettings, cap: FrequencyCap): SendDecision {
  if (row.anonymized) return { kind: 'skip', reason: 'customer_deleted' };
  if (!row.ruleEnabled) return { kind: 'skip', reason: 'rule_disabled' };
  if (row.consentStatus !== 'granted') return { kind: 'skip', reason: 'opted_out' };
  const to = row.channel === 'email' ? (row.email ?? '').trim() : row.phoneInvalid ? '' : (row.phone ?? '').trim();
  if (!to) return { kind: 'skip', reason: 'no_address' };
  if (row.suppressed) return { kind: 'skip', reason: 'suppressed' };
  const allowed = nextAllowed(now, row.timeZone, windowFor(row.channel, quiet));
  if (allowed.getTime() !== now.getTime()) return { kind: 'reschedule', at: allowed };
  if (row.recentOut >= cap.max) return { kind: 'skip', reason: 'capped' };
  return { kind: 'send', to };
}
