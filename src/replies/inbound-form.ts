import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeException } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { InboundFields } from './inbound-email';

/** SendGrid accepts messages up to 30 MB; their multipart post is a little larger. Read after the caller is verified. */
export const INBOUND_BODY_LIMIT = 40 * 1024 * 1024;
/** A field longer than this (a text part of a megabyte) is cut; the reply keeps far less anyway (REPLY_TEXT_MAX). */
const FIELD_LIMIT = 1024 * 1024;

export interface InboundForm {
  fields: InboundFields;
  /** Attachments are read past and dropped, never stored: only their number is kept. */
  attachments: number;
}

/**
 * Reads Inbound Parse's multipart/form-data post as a stream: fields decoded with the charsets
 * SendGrid names in its `charsets` field, files drained unread. Over INBOUND_BODY_LIMIT in all:
 * 413, and nothing has been written.
 */
export function readInboundForm(request: IncomingMessage, limit = INBOUND_BODY_LIMIT): Promise<InboundForm> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    return Promise.reject(
      new InvalidInputError('Inbound Parse posts multipart/form-data', [{ field: 'Content-Type', reason: 'must be multipart/form-data' }]),
    );
  }
  return new Promise((resolve, reject) => {
    const raw: Record<string, string> = {};
    let attachments = 0;
    let bytes = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      // Let the rest of the body go by, so the answer reaches the caller.
      request.resume();
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // Bytes as they came: each field is decoded below with the charset SendGrid reports for it.
        defCharset: 'latin1',
        limits: { fieldSize: FIELD_LIMIT, fields: 200, parts: 1000, fieldNameSize: 200 },
      });
    } catch {
      reject(new InvalidInputError('Malformed multipart body', [{ field: 'Content-Type', reason: 'has no multipart boundary' }]));
      return;
    }
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        fail(
          new PayloadTooLargeException({
            message: 'Request body is too large',
            errors: [{ field: 'body', reason: `exceeds the limit of ${limit} bytes` }],
          }),
        );
      }
    });
    parser.on('field', (name, value) => {
      // A repeated field keeps its first value, like SendGrid's single fields.
      if (!(name in raw)) raw[name] = value;
    });
    parser.on('file', (_name, file) => {
      attachments += 1;
      file.resume();
    });
    parser.on('error', () =>
      fail(new InvalidInputError('Malformed multipart body', [{ field: 'body', reason: 'is not valid multipart/form-data' }])),
    );
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ fields: decodeFields(raw), attachments });
    });
    request.pipe(parser);
  });
}

/** Re-decodes each field's bytes with the charset `charsets` names for it (UTF-8 otherwise). */
export function decodeFields(raw: Record<string, string>): InboundFields {
  let charsets: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw.charsets ?? '{}');
    if (typeof parsed === 'object' && parsed !== null) charsets = parsed as Record<string, unknown>;
  } catch {
    // No usable charsets: UTF-8 for every field.
  }
  const fields: InboundFields = {};
  for (const [name, value] of Object.entries(raw)) {
    const bytes = Buffer.from(value, 'latin1');
    const label = typeof charsets[name] === 'string' ? (charsets[name] as string) : 'utf-8';
    fields[name] = decode(bytes, label);
  }
  return fields;
}

function decode(bytes: Buffer, label: string): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
