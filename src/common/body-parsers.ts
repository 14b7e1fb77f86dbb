import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { InvalidInputError } from './errors';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

/**
 * Provider webhooks are read before their signature can be checked. SendGrid posts event batches
 * of up to 768 kB, so they get more room than other unauthenticated bodies, and no more.
 */
export const WEBHOOK_BODY_LIMIT = '1mb';
export const WEBHOOK_PATHS = /^\/webhooks\//;

/** The largest body a request may send, decided from its path and headers before any of it is read. */
export type BodyLimit = (request: FastifyRequest) => Promise<number>;

/** A failure the error filter answers 400 or 413, named the way it names every body failure. */
export class BodyReadError extends Error {
  constructor(
    readonly type: 'entity.parse.failed' | 'entity.too.large',
    readonly limit?: number,
  ) {
    super(type === 'entity.too.large' ? 'request entity too large' : 'malformed body');
  }
}

/** '64kb' or '16mb' (the shapes env.ts allows) in bytes. */
export function bytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`Not a body limit: ${limit}`);
  return Number(match[1]) * (match[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

/**
 * JSON and form bodies are read here, with the limit `limitFor` gives and the raw bytes kept
 * (webhook signatures are checked over them). Multipart posts and any other type are left unread
 * on the request: Inbound Parse streams its own, and the API refuses the rest before this (415).
 */
export function registerBodyParsers(fastify: FastifyInstance, limitFor: BodyLimit): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', async (request: FastifyRequest, payload: IncomingMessage) => {
    const raw = await readBody(payload, await limitFor(request));
    if (raw.length === 0) return undefined;
    (request as FastifyRequest & { rawBody?: Buffer }).rawBody = raw;
    if (jsonNestsDeeperThan(raw, MAX_JSON_DEPTH)) {
      throw new InvalidInputError(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, [
        { field: 'body', reason: `nests deeper than the limit of ${MAX_JSON_DEPTH} levels of arrays and objects` },
      ]);
    }
    const text = raw.toString('utf8');
    // Like the API's documents, a body is an object or an array, never a bare value.
    if (!/^[\s\uFEFF]*[[{]/.test(text)) throw new BodyReadError('entity.parse.failed');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BodyReadError('entity.parse.failed');
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', async (request: FastifyRequest, payload: IncomingMessage) => {
    const raw = await readBody(payload, await limitFor(request));
    (request as FastifyRequest & { rawBody?: Buffer }).rawBody = raw;
    return { ...parseForm(raw.toString('utf8')) };
  });
  fastify.addContentTypeParser('*', (_request: FastifyRequest, _payload: IncomingMessage, done: (error: null, body?: unknown) => void) =>
    done(null, undefined),
  );
}

/** Reads a whole body, inflated when compressed, refusing it (413) as soon as it is known to exceed `limit`. */
function readBody(payload: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = String(payload.headers['content-encoding'] ?? 'identity').toLowerCase();
  const declared = Number(payload.headers['content-length']);
  if (encoding === 'identity' && Number.isFinite(declared) && declared > limit) {
    payload.resume();
    return Promise.reject(new BodyReadError('entity.too.large', limit));
  }
  let source: Readable = payload;
  if (encoding !== 'identity') {
    const inflate = INFLATE[encoding];
    if (!inflate) {
      payload.resume();
      return Promise.reject(
        new UnsupportedMediaTypeException({
          message: 'Unsupported body encoding',
          errors: [{ field: 'Content-Encoding', reason: `is ${encoding}; send gzip, deflate, br or none` }],
        }),
      );
    }
    source = payload.pipe(inflate());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      source.off('data', onData);
      if (source !== payload) payload.unpipe();
      // Let the rest go by, so the answer reaches the caller.
      payload.resume();
      reject(error);
    };
    // The limit counts the bytes as read, after inflating.
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new BodyReadError('entity.too.large', limit));
      chunks.push(chunk);
    };
    source.on('data', onData);
    source.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    // A broken compressed body reads as malformed; a dropped connection ends the request anyway.
    source.on('error', () => fail(new BodyReadError('entity.parse.failed')));
    if (source !== payload) payload.on('error', (error) => fail(error));
  });
}

const INFLATE: Record<string, (() => Transform) | undefined> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};
