import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, Role } from '../common/domain';

export const PUBLIC_KEY = 'touchpoint:public';
export const ROLES_KEY = 'touchpoint:roles';

export type { Principal };

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** No token needed: health, docs and the customer-facing endpoints. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the handler (any signed-in staff member when absent). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentStaff used on a public route');
  return principal;
});
