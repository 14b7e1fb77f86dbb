import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The web page's forms, the unsubscribe and feedback links and the provider webhooks take form bodies. */
const FORM_PATHS = /^\/(app|u|f|webhooks)(\/|$)/;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * Why a request's body cannot be read, or null when it can. The REST API reads JSON only; a body
 * in another type (a JSON document sent as text/plain, say) would otherwise reach validation as
 * an empty object and be answered with a list of missing fields.
 */
export function unreadableBody(
  path: string,
  headers: { 'content-type'?: string; 'content-length'?: string; 'transfer-encoding'?: string },
): string | null {
  const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
  if (!hasBody || FORM_PATHS.test(path)) return null;
  const type = headers['content-type'];
  if (type !== undefined && JSON_TYPE.test(type)) return null;
  return type === undefined
    ? 'is missing; send the body as application/json'
    : `is ${type.split(';')[0]}; send the body as application/json`;
}

/** An onRequest hook: answers 415, in the one error body, before a body the API cannot read is parsed. */
export function jsonBodiesOnly(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  const reason = unreadableBody(request.url.split('?')[0], request.headers);
  if (reason)
    return done(
      new UnsupportedMediaTypeException({ message: 'The API reads JSON bodies only', errors: [{ field: 'Content-Type', reason }] }),
    );
  done();
}
