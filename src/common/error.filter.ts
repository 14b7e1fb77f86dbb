import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorKind, FieldError, TooManyRequestsError } from './errors';

/** The one error body every failure answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldError[];
}

const STATUS: Record<ErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthorized: HttpStatus.UNAUTHORIZED,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
};

/** Body-read failures (BodyReadError in body-parsers.ts) carry a `type`. */
interface ParserError {
  type?: string;
  /** The parser's limit in bytes, on entity.too.large. */
  limit?: number;
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply | ServerResponse>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      // Logged once, without the request body: it may hold personal data.
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const retryAfter = exception instanceof TooManyRequestsError ? String(exception.retryAfterSeconds) : null;
    if ('raw' in response) {
      // A handler's reply (a route, a hook or a body parser).
      if (response.sent || response.raw.headersSent) return;
      if (retryAfter) response.header('Retry-After', retryAfter);
      // JSON even where the handler had set another type (TwiML's text/xml, a page's text/html).
      void response.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
    } else if (!response.headersSent) {
      // The bare response of a Nest middleware.
      if (retryAfter) response.setHeader('Retry-After', retryAfter);
      response.statusCode = body.statusCode;
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end(JSON.stringify(body));
    }
  }

  toBody(exception: unknown): ErrorBody {
    // Failures in a body parser or hook may arrive wrapped in an HttpException; the original error
    // is then the cause.
    const cause = (exception as { cause?: unknown })?.cause;
    const domain = exception instanceof DomainError ? exception : cause instanceof DomainError ? cause : null;
    if (domain) return shape(STATUS[domain.kind], domain.message, domain.errors);
    const parser = (cause ?? exception) as ParserError;
    if (parser?.type === 'entity.parse.failed') {
      return shape(HttpStatus.BAD_REQUEST, 'Malformed JSON body', [{ field: 'body', reason: 'is not valid JSON' }]);
    }
    if (parser?.type === 'entity.too.large') {
      return shape(HttpStatus.PAYLOAD_TOO_LARGE, 'Request body is too large', [
        // JSON bodies have BODY_LIMIT, the web page's forms their own: name the one that applied.
        {
          field: 'body',
          reason: typeof parser.limit === 'number' ? `exceeds the limit of ${parser.limit} bytes` : 'exceeds the size limit',
        },
      ]);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null) {
        const record = payload as { message?: unknown; errors?: FieldError[] };
        const message = Array.isArray(record.message) ? record.message.join('; ') : String(record.message ?? exception.message);
        return shape(status, message, record.errors);
      }
      return shape(status, String(payload));
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { code?: string }).code;
      // Races that slip past a service's own checks still answer as the client's conflict.
      if (code === '23505') return shape(HttpStatus.CONFLICT, 'A record with the same key already exists');
      if (code === '23503') return shape(HttpStatus.CONFLICT, 'The record is referenced by or refers to a missing record');
    }
    return shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}

function shape(statusCode: number, message: string, errors?: FieldError[]): ErrorBody {
  const error = (HttpStatus[statusCode] ?? 'ERROR').toString().toLowerCase().replace(/_/g, ' ');
  return errors && errors.length > 0 ? { statusCode, error, message, errors } : { statusCode, error, message };
}
