import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../common/errors';
import { SecuritySettings } from '../config/settings';
import { tokenPrefix } from './tokens';

/**
 * Counts failed authentications (a wrong or revoked token, on the API or the web sign-in) per
 * client address and per token prefix; past the limit within the window, every attempt from
 * that address or at that prefix answers 429 until the window ends, right token or not, so
 * guessing costs the window each time. Successful requests are never counted.
 *
 * The counters live in each instance's memory (rate-limiter-flexible's memory store): no
 * database round trip on the path an attacker hammers, and nothing to clean up. With N API
 * instances an address gets N times the budget, still far below what guessing a 256-bit token needs.
 */
@Injectable()
export class AuthThrottle {
  private readonly byAddress: RateLimiterMemory;
  private readonly byPrefix: RateLimiterMemory;

  constructor(settings: SecuritySettings) {
    const duration = settings.authFailureWindowSeconds;
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'auth-address', points: settings.authFailuresPerAddress, duration });
    this.byPrefix = new RateLimiterMemory({ keyPrefix: 'auth-prefix', points: settings.authFailuresPerToken, duration });
  }

  /** Throws 429 when the address or the token's prefix has used up its failures. */
  async assertAllowed(address: string, token: string | null): Promise<void> {
    const [byAddress, byPrefix] = await Promise.all([
      this.byAddress.get(address),
      token ? this.byPrefix.get(tokenPrefix(token)) : Promise.resolve(null),
    ]);
    const blocked = [
      { res: byAddress, points: this.byAddress.points },
      { res: byPrefix, points: this.byPrefix.points },
    ].filter((entry): entry is { res: RateLimiterRes; points: number } => entry.res !== null && entry.res.consumedPoints >= entry.points);
    if (blocked.length > 0) throw tooMany(Math.max(...blocked.map((entry) => entry.res.msBeforeNext)));
  }

  /** Counts one failure; throws 429 when it is one too many. */
  async recordFailure(address: string, token: string | null): Promise<void> {
    const outcomes = await Promise.allSettled([
      this.byAddress.consume(address),
      ...(token ? [this.byPrefix.consume(tokenPrefix(token))] : []),
    ]);
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (rejected.length === 0) return;
    // The memory store rejects with the counter's state when the limit is passed, and with an Error otherwise.
    const waits = rejected.map((outcome) => (outcome.reason instanceof RateLimiterRes ? outcome.reason.msBeforeNext : 1_000));
    throw tooMany(Math.max(...waits));
  }
}

function tooMany(msBeforeNext: number): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new TooManyRequestsError(`Too many failed sign-in attempts; try again in ${seconds} s`, seconds, [
    { field: 'Authorization', reason: `too many failed attempts from this address or at this token; retry after ${seconds} s` },
  ]);
}
