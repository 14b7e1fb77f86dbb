import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../common/errors';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AuthThrottle } from './auth-throttle';
import { Role } from './staff.entity';
import { TokensService } from './tokens.service';

/** Bearer-token auth on every route not marked @Public, then the role check of @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined>; ip?: string }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('Missing bearer token (Authorization: Bearer <token>)');
    // The address as TRUST_PROXY lets the server read it.
    const address = request.ip ?? 'unknown';
    await this.throttle.assertAllowed(address, match[1]);
    const principal = await this.tokens.authenticate(match[1]);
    if (!principal) {
      await this.throttle.recordFailure(address, match[1]);
      throw new UnauthorizedException('Unknown or revoked token');
    }
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenError(`This action needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
