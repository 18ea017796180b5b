import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Permission } from './permission.js';

export const PUBLIC_KEY = 'acs:public';
export const PERMISSION_KEY = 'acs:permission';
export const DURING_PASSWORD_CHANGE_KEY = 'acs:during-password-change';

/** Marks a route that needs no session (health, login, the door PIN change). Rare on purpose. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The permission a route needs; the global guard denies routes that declare neither this nor @Public(). */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(PERMISSION_KEY, permission), ApiBearerAuth());

/** Reachable with a session that must change its temporary password first (4(4)②カ, 5(2)②ク). */
export const AllowDuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE_KEY, true);

/** Who is calling: an operator through a session, or an integration through an API token. */
export interface Actor {
  operatorId: string;
  username: string;
  personId: string | null;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  via: 'session' | 'api-token';
  /** Session stage: a temporary password must be changed before anything else. */
  stage: 'full' | 'password-change';
  /** The bearer token, so logout can end exactly this session. */
  token: string;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
