import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, LessThan, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../common/auth/decorators.js';
import type { Permission } from '../../common/auth/permission.js';
import { isPermission, permissionsOf } from '../../common/auth/role.js';
import { ApiTokenEntity, OperatorEntity, OperatorSessionEntity, RoleAssignmentEntity, type SessionStage } from './operator.entities.js';

export const API_TOKEN_PREFIX = 'acs_';
export const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Bearer credentials: operator sessions and integration API tokens. Both are random; only their SHA-256 is
 * stored. An API token acts with its scopes, never more than its operator may do.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(OperatorEntity) private readonly operators: Repository<OperatorEntity>,
    @InjectRepository(OperatorSessionEntity) private readonly sessions: Repository<OperatorSessionEntity>,
    @InjectRepository(RoleAssignmentEntity) private readonly assignments: Repository<RoleAssignmentEntity>,
    @InjectRepository(ApiTokenEntity) private readonly apiTokens: Repository<ApiTokenEntity>,
  ) {}

  async issue(operatorId: string, stage: SessionStage): Promise<{ accessToken: string; expiresAt: Date }> {
    const accessToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlMs);
    await this.sessions.insert({ tokenHash: tokenHash(accessToken), operatorId, stage, expiresAt });
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return { accessToken, expiresAt };
  }

  async resolve(token: string): Promise<Actor | undefined> {
    return token.startsWith(API_TOKEN_PREFIX) ? this.resolveApiToken(token) : this.resolveSession(token);
  }

  async end(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: tokenHash(token) });
  }

  async endAllOf(operatorId: string): Promise<void> {
    await this.sessions.delete({ operatorId });
  }

  async activeRoles(operatorId: string): Promise<string[]> {
    const rows = await this.assignments.findBy({ operatorId, status: 'active' });
    return rows.map((r) => r.role).sort();
  }

  private async resolveSession(token: string): Promise<Actor | undefined> {
    const session = await this.sessions.findOneBy({ tokenHash: tokenHash(token) });
    if (!session || session.expiresAt.getTime() <= Date.now()) return undefined;
    const operator = await this.operators.findOneBy({ id: session.operatorId, disabledAt: IsNull() });
    if (!operator) return undefined;
    const roles = await this.activeRoles(operator.id);
    return { ...identity(operator), roles, permissions: permissionsOf(roles), via: 'session', stage: session.stage, token };
  }

  private async resolveApiToken(token: string): Promise<Actor | undefined> {
    const row = await this.apiTokens.findOneBy({ tokenHash: tokenHash(token), revokedAt: IsNull() });
    if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
    const operator = await this.operators.findOneBy({ id: row.operatorId, disabledAt: IsNull() });
    if (!operator) return undefined;
    const roles = await this.activeRoles(operator.id);
    const allowed = permissionsOf(roles);
    const permissions = new Set(row.scopes.filter((s): s is Permission => isPermission(s) && allowed.has(s)));
    await this.apiTokens.update({ id: row.id }, { lastUsedAt: new Date() });
    return { ...identity(operator), roles, permissions, via: 'api-token', stage: 'full', token };
  }
}

function identity(o: OperatorEntity): Pick<Actor, 'operatorId' | 'username' | 'personId'> {
  return { operatorId: o.id, username: o.username, personId: o.personId };
}
