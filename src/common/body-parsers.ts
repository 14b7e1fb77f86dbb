import type { IncomingMessage } from 'node:http';
import { json, urlencoded, type RequestHandler } from 'express';
import { InvalidInputError } from './errors';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

/**
 * Provider webhooks are read before their signature can be checked. SendGrid posts event batches
 * of up to 768 kB, so they get more room than other unauthenticated bodies, and no more.
 */
export const WEBHOOK_BODY_LIMIT = '1mb';
export const WEBHOOK_PATHS = /^\/webhooks\//;

/** Keeps the raw bytes (webhook signatures are checked over them) and checks JSON depth before parsing. */
function keepRawBody(checkDepth: boolean) {
  return (req: IncomingMessage, _res: unknown, bytes: Buffer): void => {
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = bytes;
    if (checkDepth && jsonNestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
      throw new InvalidInputError(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, [
        { field: 'body', reason: `nests deeper than the limit of ${MAX_JSON_DEPTH} levels of arrays and objects` },
      ]);
    }
  };
}

export function jsonBodyParser(limit: string): RequestHandler {
  return json({ limit, verify: keepRawBody(true) });
}

export function formBodyParser(limit: string): RequestHandler {
  return urlencoded({ limit, extended: false, verify: keepRawBody(false) });
}

/** Runs `parser` only for requests whose path matches; a body already read is left alone by later parsers. */
export function onPaths(paths: RegExp, parser: RequestHandler): RequestHandler {
  return (req, res, next) => (paths.test(req.path) ? parser(req, res, next) : next());
}
