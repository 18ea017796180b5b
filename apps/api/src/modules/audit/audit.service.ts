import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind } from '../access-log/access-log.types.js';
import { redactSecrets } from './redact.js';

/** The parts of an operator the record keeps (enough to record later work an operator asked for). */
export type OperatorActor = Pick<Actor, 'operatorId' | 'username' | 'via'>;
/** Who did it: an operator, or the system. */
export type AuditActor = OperatorActor | { system: string };

export interface AuditEntry {
  /** Dotted action name, e.g. `person.created`, `authorisation.revoked`. */
  action: string;
  target: { type: string; id: string };
  personId?: string;
  areaId?: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/**
 * Every change to people, roles, credentials and authorisations becomes an access-log record (who, what,
 * before/after) in the same transaction as the change; secrets are redacted.
 */
@Injectable()
export class AuditService {
  constructor(private readonly log: AccessLogRepository) {}

  async record(m: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void> {
    const by = 'system' in actor ? { system: actor.system } : { operatorId: actor.operatorId, username: actor.username, via: actor.via };
    await this.log.append(m, [
      {
        id: uuidv7(),
        kind: LogKind.Admin,
        type: entry.action,
        occurredAt: new Date(),
        source: 'api',
        personId: entry.personId,
        areaId: entry.areaId,
        body: redactSecrets({
          by,
          target: entry.target,
          ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
          ...(entry.before !== undefined ? { before: entry.before } : {}),
          ...(entry.after !== undefined ? { after: entry.after } : {}),
        }) as Record<string, unknown>,
      },
    ]);
  }
}
