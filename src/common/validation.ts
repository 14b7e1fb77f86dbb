import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { FieldError, InvalidInputError } from './errors';
import { UNSTORABLE_TEXT, unstorablePaths } from './storable-text';

/** Flattens class-validator's tree into `{ field: 'a.0.b', reason }` pairs. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new BadRequestException({
        message: `Invalid request: ${fieldErrors
          .map((e) => `${e.field} ${e.reason}`)
          .slice(0, 5)
          .join('; ')}`,
        errors: fieldErrors,
      });
    },
  });
}

/**
 * Nest's ValidationPipe, but a query with no parameters at all (as `GET /tasks/today` mostly comes)
 * is checked once per DTO: its answer cannot change, and class-validator's rule lookup walks every
 * validated class of the app on each call. Later empty queries get a copy of the first answer.
 */
class ApiValidationPipe extends ValidationPipe {
  private readonly emptyQueries = new Map<unknown, object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const empty = metadata.type === 'query' && metadata.metatype !== undefined && isEmptyObject(value);
    const known = empty ? this.emptyQueries.get(metadata.metatype) : undefined;
    if (known) return copyOf(known);
    const result: unknown = await super.transform(value, metadata);
    // Only an answer of plain values is copied safely; a default array or object would be shared.
    if (empty && isEmptyObject(value) && typeof result === 'object' && result !== null && Object.values(result).every(isPrimitive)) {
      this.emptyQueries.set(metadata.metatype, copyOf(result));
    }
    return result;
  }
}

function isEmptyObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** A shallow copy of the same class: the caller may change its copy. */
function copyOf(value: object): object {
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as object, value);
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

const ROW_CHECKED = Symbol('rowChecked');

/**
 * Marks a bulk body whose rows check their own text, so one bad row is reported in the bulk
 * answer while the others are written, instead of refusing the whole request.
 */
export function TextCheckedPerRow(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(ROW_CHECKED, true, target);
  };
}

/**
 * Refuses a string PostgreSQL cannot store (NUL, a lone surrogate) anywhere in a body, query or
 * path parameter, naming where it is, before it reaches a query and fails there as a 500.
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    if (metadata.type === 'body' && metadata.metatype && Reflect.getMetadata(ROW_CHECKED, metadata.metatype)) return value;
    const fields = unstorablePaths(value, metadata.data ?? '');
    if (fields.length === 0) return value;
    throw new InvalidInputError(
      `Invalid request: ${fields.slice(0, 5).join(', ')} ${UNSTORABLE_TEXT}`,
      fields.map((field) => ({ field: field || metadata.type, reason: UNSTORABLE_TEXT })),
    );
  }
}

/** A path id that must be a UUID; unlike Nest's ParseUUIDPipe, the 400 names the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUUID(value)) return value;
    const field = metadata.data ?? 'id';
    throw new InvalidInputError(`Invalid ${field}`, [{ field, reason: 'must be a UUID' }]);
  }
}
