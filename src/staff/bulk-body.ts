import type { FastifyRequest } from 'fastify';
import { bytes, WEBHOOK_BODY_LIMIT, WEBHOOK_PATHS, type BodyLimit } from '../common/body-parsers';
import { AuthThrottle } from './auth-throttle';
import { TokensService } from './tokens.service';

/** The routes that take up to 10,000 rows, and so BODY_LIMIT. */
export const BULK_ROUTES = /^\/(customers|orders)\/bulk\/?$/;

/**
 * Bodies are read before the handler's guard runs, so every body is small (`requestLimit`) but
 * the bulk upserts of a verified admin (`bulkLimit`) and signed provider webhooks. A bulk body's
 * bearer token is checked before it is read; anybody else gets the small limit, and the auth guard
 * then answers them as usual (and counts a wrong token once, there).
 */
export function bodyLimits(tokens: TokensService, throttle: AuthThrottle, requestLimit: string, bulkLimit: string): BodyLimit {
  const small = bytes(requestLimit);
  const bulk = bytes(bulkLimit);
  const webhook = bytes(WEBHOOK_BODY_LIMIT);
  return async (request: FastifyRequest) => {
    const path = request.url.split('?')[0];
    if (WEBHOOK_PATHS.test(path)) return webhook;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (request.method !== 'POST' || !BULK_ROUTES.test(path) || !match) return small;
    try {
      await throttle.assertAllowed(request.ip ?? 'unknown', match[1]);
      const principal = await tokens.authenticate(match[1]);
      return principal?.role === 'admin' ? bulk : small;
    } catch {
      // A throttled caller or a failed lookup: the guard answers it with the small body read.
      return small;
    }
  };
}
