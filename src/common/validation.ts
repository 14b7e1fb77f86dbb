import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from './errors';

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
        message: `Invalid request: ${fieldErrors.map((e) => `${e.field} ${e.reason}`).slice(0, 5).join('; ')}`,
        errors: fieldErrors,
      });
    },
  });
}
