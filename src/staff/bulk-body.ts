import type { RequestHandler } from 'express';
import { jsonBodyParser } from '../common/body-parsers';
import { AuthThrottle } from './auth-throttle';
import { TokensService } from './tokens.service';

/** The routes that take up to 10,000 rows, and so BODY_LIMIT. */
export const BULK_ROUTES = /^\/(customers|orders)\/bulk\/?$/;

/**
 * Reads a bulk upsert's body with the large limit only once its bearer token is known to be an
 * admin's. Anybody else falls through to the small limit of every other body; the auth guard
 * then answers them as usual (and counts a wrong token once, there).
 */
export function bulkBodies(tokens: TokensService, throttle: AuthThrottle, limit: string): RequestHandler {
  const parse = jsonBodyParser(limit);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (req.method !== 'POST' || !BULK_ROUTES.test(req.path) || !match) return next();
    throttle
      .assertAllowed(req.ip ?? 'unknown', match[1])
      .then(() => tokens.authenticate(match[1]))
      .then(
        (principal) => (principal?.role === 'admin' ? parse(req, res, next) : next()),
        // A throttled caller or a failed lookup: the guard answers it with the small body read.
        () => next(),
      );
  };
}
