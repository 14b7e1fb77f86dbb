/** One of a customer's new touches of one rule, planned in the same run. */
export interface CooldownCandidate {
  id: string;
  scheduledAt: Date;
  occurrence: string;
}

const DAY_MS = 86_400_000;

/**
 * Which of one customer's new touches of a rule the rule's cooldown holds back. In time order
 * (then occurrence, so the answer never depends on the order rows arrive in), a touch goes only
 * when no touch kept before it lies less than `days` before it. A held-back touch holds nothing
 * back itself: with a 7-day cooldown, touches on days 0, 5 and 10 give 0 and 10.
 */
export function cooldownLosers(touches: CooldownCandidate[], days: number): Set<string> {
  const span = days * DAY_MS;
  const losers = new Set<string>();
  let lastKept: number | null = null;
  const ordered = [...touches].sort(
    (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || (a.occurrence < b.occurrence ? -1 : a.occurrence > b.occurrence ? 1 : 0),
  );
  for (const touch of ordered) {
    const at = touch.scheduledAt.getTime();
    if (lastKept !== null && at - lastKept < span) losers.add(touch.id);
    else lastKept = at;
  }
  return losers;
}
