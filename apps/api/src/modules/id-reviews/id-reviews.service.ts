import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { IdReviewEntity } from '../people/organisation.entities.js';
import { PersonEntity } from '../people/people.entities.js';
import { PeopleService } from '../people/people.service.js';

export interface UnusedIdDto {
  personId: string;
  personNo: string;
  name: string;
  kind: string;
  affiliationJa: string;
  status: string;
  registeredAt: string;
  lastDoorUseAt?: string;
  idleDays: number;
  lastReview?: { outcome: string; note: string; reviewedAt: string };
}

/** Unused-ID review (5(2)①イ): who holds access but has not used a door for N days, and what was decided. */
@Injectable()
export class IdReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async unused(days: number, now = new Date()): Promise<UnusedIdDto[]> {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const rows = await this.dataSource.query(
      `SELECT p.id, p.person_no, p.family_name, p.given_name, p.kind, p.affiliation_ja, p.status, p.created_at, u.last_use,
              r.outcome, r.note, r.reviewed_at
         FROM people p
         LEFT JOIN LATERAL (SELECT max(occurred_at) AS last_use FROM access_log l
                             WHERE l.person_id = p.id AND l.kind = 'decision' AND l.outcome = 'grant') u ON true
         LEFT JOIN LATERAL (SELECT outcome, note, reviewed_at FROM id_reviews v WHERE v.person_id = p.id
                             ORDER BY reviewed_at DESC LIMIT 1) r ON true
        WHERE p.status IN ('active', 'on-leave', 'suspended')
          AND EXISTS (SELECT 1 FROM authorisations a WHERE a.person_id = p.id AND a.status <> 'revoked')
          AND COALESCE(u.last_use, p.created_at) < $1
        ORDER BY COALESCE(u.last_use, p.created_at), p.person_no`,
      [cutoff],
    );
    return rows.map((r: Record<string, never>) => {
      const since = (r.last_use as Date | null) ?? (r.created_at as Date);
      return {
        personId: r.id, personNo: r.person_no, name: `${r.family_name} ${r.given_name}`, kind: r.kind, affiliationJa: r.affiliation_ja,
        status: r.status, registeredAt: (r.created_at as Date).toISOString(), lastDoorUseAt: (r.last_use as Date | null)?.toISOString(),
        idleDays: Math.floor((now.getTime() - since.getTime()) / 86_400_000),
        lastReview: r.outcome ? { outcome: r.outcome, note: r.note, reviewedAt: (r.reviewed_at as Date).toISOString() } : undefined,
      };
    });
  }

  async record(actor: Actor, personId: string, outcome: 'keep' | 'suspend' | 'retire', note: string): Promise<{ id: string }> {
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      const person = await m.findOneBy(PersonEntity, { id: personId });
      if (!person) throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${personId}.`);
      const [{ last_use: lastUse }] = await m.query(`SELECT max(occurred_at) AS last_use FROM access_log WHERE person_id = $1 AND kind = 'decision' AND outcome = 'grant'`, [personId]);
      const idleDays = Math.floor((Date.now() - ((lastUse as Date | null) ?? person.createdAt).getTime()) / 86_400_000);
      await m.insert(IdReviewEntity, { id, personId, outcome, note, idleDays, reviewedBy: actor.operatorId });
      if (outcome === 'suspend') await m.update(PersonEntity, { id: personId }, { status: 'suspended' });
      if (outcome === 'retire') {
        await m.update(PersonEntity, { id: personId }, { status: 'retired' });
        await this.people.endAllAccess(m, actor, personId, `ID review: ${note}`);
      }
      await this.audit.record(m, actor, { action: 'id-review.recorded', target: { type: 'person', id: personId }, personId, after: { outcome, idleDays }, reason: note });
    });
    if (outcome !== 'keep') this.changes.notify('id-review');
    return { id };
  }
}
