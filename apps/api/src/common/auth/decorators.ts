import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Permission } from './permission.js';

export const PUBLIC_KEY = 'acs:public';
export const PERMISSION_KEY = 'acs:permission';

/** Marks a route that needs no session (health, login). Rare on purpose. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The permission a route needs; the global guard denies routes that declare neither this nor @Public(). */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(PERMISSION_KEY, permission), ApiBearerAuth());

export interface Actor {
  operatorId: string;
  username: string;
  role: string;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
