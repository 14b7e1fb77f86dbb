/**
 * Every state a touch can be in; a touch ends in a terminal one, with a reason where it says why.
 * `unknown`: its worker died after handing the message to the provider and before recording the
 * answer; the provider's events settle it, or after a grace period it fails as `outcome_unknown`.
 */
export type TouchState = 'planned' | 'queued' | 'sending' | 'sent' | 'delivered' | 'done' | 'skipped' | 'failed' | 'cancelled' | 'unknown';
export const TOUCH_STATES: TouchState[] = [
  'planned',
  'queued',
  'sending',
  'sent',
  'delivered',
  'done',
  'skipped',
  'failed',
  'cancelled',
  'unknown',
];

/** States a touch can still leave on its own: what a cancellation or an opt-out takes back. */
export const PENDING_STATES: TouchState[] = ['planned', 'queued'];

/** Touches that count against the frequency cap and the cooldown: planned, on their way, or carried out. */
export const COUNTED_STATES = [
  'planned',
  'queued',
  'sending',
  'unknown',
  'sent',
  'delivered',
  'done',
] as const satisfies readonly TouchState[];

/** Counted states the dispatcher owns: they count for the cap but a later decision cannot take them back. */
export const FIXED_STATES = ['queued', 'sending', 'unknown', 'sent', 'delivered', 'done'] as const satisfies readonly TouchState[];

/** Touch states that keep a rule from being deleted: anything sent, in flight or pending. */
export const KEEPS_RULE: TouchState[] = ['planned', 'queued', 'sending', 'unknown', 'sent', 'delivered', 'done', 'failed'];

/** A list of states as SQL literals, for statements whose plan must not depend on a parameter. */
export function sqlStates(states: readonly TouchState[]): string {
  return states.map((s) => `'${s}'`).join(', ');
}
