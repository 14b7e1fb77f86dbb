import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, DECORATORS, getSchemaPath } from '@nestjs/swagger';

/** One problem with one field of a request, as the error body lists it. */
export class ErrorFieldDto {
  @ApiProperty({ example: 'timeZone', description: 'Dotted path of the offending field (`customers.3.email`), or `body`, `Content-Type`.' })
  field: string;

  @ApiProperty({ example: 'must be an IANA time zone' })
  reason: string;
}

/** The one body every error answers with (see error.filter.ts). */
export class ErrorBodyDto {
  @ApiProperty({ example: 400, description: 'The HTTP status, repeated.' })
  statusCode: number;

  @ApiProperty({ example: 'bad request', description: 'The status name in lower case.' })
  error: string;

  @ApiProperty({ example: 'Invalid request: timeZone must be an IANA time zone' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorFieldDto], description: 'Each field at fault, when the error is about fields.' })
  errors?: ErrorFieldDto[];
}

/** The error statuses the API answers with; 500 is never a client's doing and is not listed. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 503;

const DEFAULT_DESCRIPTION: Record<ErrorStatus, string> = {
  400: 'Invalid input; `errors` names each field and the reason.',
  401: 'No valid bearer token.',
  403: 'Not allowed for this caller.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The body exceeds BODY_LIMIT.',
  415: 'The body is not application/json.',
  422: 'Well-formed, but breaks a rule the service checks; `errors` names each problem.',
  503: 'Not ready.',
};

/** A status, or a status with what it means for this operation. */
export type ErrorSpec = ErrorStatus | [ErrorStatus, string];

/**
 * Documents the error answers of an operation (or of every operation of a controller) with the one
 * error body. `ApiErrors(401, [404, 'Unknown customer.'])`.
 */
export function ApiErrors(...specs: ErrorSpec[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...specs.map((spec) => {
      const [status, description] = Array.isArray(spec) ? spec : [spec, DEFAULT_DESCRIPTION[spec]];
      // Always JSON, also where the operation answers HTML, XML or CSV when it succeeds.
      return ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } } });
    }),
  );
}

/** What a JSON body can be refused for before the handler reads it: shape, size and type. */
export const BODY_ERRORS: ErrorSpec[] = [400, 413, 415];

/**
 * Documents an operation (or every operation of a controller) as taking no token: `security: []`.
 * Nest's scanner drops an empty list set on a method, so there it goes in as an operation field.
 */
export function ApiNoSecurity(): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) {
      const fields = (Reflect.getMetadata(DECORATORS.API_EXTENSION, descriptor.value) ?? {}) as Record<string, unknown>;
      Reflect.defineMetadata(DECORATORS.API_EXTENSION, { ...fields, security: [] }, descriptor.value);
    } else {
      Reflect.defineMetadata(DECORATORS.API_SECURITY, [], target);
    }
  };
}

/** Documents the bearer token an operation (or controller) needs, and the 401 without one. */
export function ApiTokenAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth('bearer'), ApiErrors(401));
}
