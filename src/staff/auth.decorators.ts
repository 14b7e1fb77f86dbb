import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiNoSecurity } from '../common/api-docs';
import { Principal, Role } from '../common/domain';

export const PUBLIC_KEY = 'touchpoint:public';
export const ROLES_KEY = 'touchpoint:roles';

export type { Principal };

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** No token needed: health, docs and the customer-facing endpoints. The API docs say so too. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiNoSecurity());

/** Only these roles may call the handler (any signed-in staff member when absent). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentStaff used on a public route');
  return principal;
});
