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
  return new ValidationPipe({
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
