/**
 * Errors raised by domain code. They carry a kind, not an HTTP status: the one exception
 * filter maps kinds to statuses, so services stay free of HTTP.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `customers.3.email`. */
  field: string;
  reason: string;
}

export type ErrorKind = 'invalid' | 'unprocessable' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'too_many_requests';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('invalid', message, errors);
  }
}

/** Well-formed input that breaks a rule the domain checks (e.g. a template that does not compile). */
export class UnprocessableError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('unprocessable', message, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('not_found', `${what} ${id} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('conflict', message, errors);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Forbidden') {
    super('forbidden', message);
  }
}

/** Too many failed attempts from one client or at one token; try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    errors: FieldError[] = [],
  ) {
    super('too_many_requests', message, errors);
  }
}
