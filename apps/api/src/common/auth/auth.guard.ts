import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError, ErrorCode } from '../errors/problem.js';
import { DURING_PASSWORD_CHANGE_KEY, PERMISSION_KEY, PUBLIC_KEY, type Actor } from './decorators.js';
import type { Permission } from './permission.js';
import { SessionsService } from '../../modules/auth/sessions.service.js';

/**
 * Global guard, deny by default: a route runs only when it is @Public() or when the caller's session or API
 * token grants the route's @RequirePermission(). A session with a temporary password reaches only the routes
 * that let it change it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new AppError(ErrorCode.Forbidden, 'Forbidden', 'This route declares no permission.');

    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new AppError(ErrorCode.Unauthenticated, 'Authentication required', 'Send Authorization: Bearer <token>.');
    const actor = await this.sessions.resolve(token);
    if (!actor) throw new AppError(ErrorCode.Unauthenticated, 'Session invalid or expired');
    if (actor.stage === 'password-change' && !this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE_KEY, targets)) {
      throw new AppError(ErrorCode.PasswordChangeRequired, 'Password change required', 'Change the temporary password first: POST /api/v1/auth/password.');
    }
    if (!actor.permissions.has(permission)) {
      throw new AppError(ErrorCode.Forbidden, 'Forbidden', `Missing permission ${permission}.`);
    }
    req.actor = actor;
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1];
}
