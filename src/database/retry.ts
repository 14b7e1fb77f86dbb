/**
 * Retrying a write whose connection was lost. The pool drops a broken connection, so the next
 * try runs on a fresh one; a write that must not be lost (a message the provider accepted) is
 * tried again a bounded number of times with growing waits instead of being given up at once.
 */

export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** Wait before the second try; each later wait doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** About 20 s of tries: longer than a failover or a restarted connection pooler usually takes. */
export const LEDGER_WRITE_RETRY: RetryPolicy = { tries: 8, baseDelayMs: 100, maxDelayMs: 5_000 };

/**
 * Whether an error means the connection, not the statement, failed: PostgreSQL's connection
 * exceptions (08…) and shutdowns (57P01 terminated by an administrator, 57P02, 57P03), or the
 * driver's own errors for a socket that closed or could not open. A constraint violation or a
 * syntax error is not retried: it would fail the same way again.
 */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // TypeORM wraps the driver's error.
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError && driverError !== error && isConnectionError(driverError)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true;
    if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection/i.test(message)
  );
}

/** The wait before try `n` (2, 3, …). */
export function retryDelay(policy: RetryPolicy, n: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 2));
}

/** Runs `write`, again after a lost connection as the policy allows; any other error is thrown at once. */
export async function retryOnConnectionLoss<T>(
  write: () => Promise<T>,
  policy: RetryPolicy = LEDGER_WRITE_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await write();
    } catch (error) {
      if (n >= policy.tries || !isConnectionError(error)) throw error;
      await sleep(retryDelay(policy, n + 1));
    }
  }
}
