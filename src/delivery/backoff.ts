/**
 * Retry timing. Full jitter (a uniform wait between 0 and an exponentially growing cap) spreads
 * retries of many touches that failed together, so they do not hit a recovering provider at once.
 */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * How long to wait before the next attempt, after `attempt` failed attempts (1 = the first one
 * failed). A provider's Retry-After is a floor: asked to wait, we never come back sooner.
 */
export function retryDelayMs(
  attempt: number,
  settings: BackoffSettings,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const cap = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * cap);
  return retryAfterMs !== null && retryAfterMs > jittered ? retryAfterMs : jittered;
}

/** Retry-After as seconds or an HTTP date (RFC 9110), in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | number | null | undefined, now: Date): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === null || raw === '') return null;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
