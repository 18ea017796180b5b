import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { StayChanges } from '../../common/changes/stay-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind, MAIN_LOG } from '../access-log/access-log.types.js';
import { LedgerStayEntity } from './ledger-stay.entity.js';

/**
 * Additions to the ledger are new records, never edits (5(1)⑥イ): a stay's purpose, corrections, an operator's
 * anti-passback forgive, and the daily sign-off of an area's ledger. Each is an access-log record of kind
 * `annotation`; the ledger tables only project them.
 */
@Injectable()
export class LedgerAnnotationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AccessLogRepository,
    private readonly stays: StayChanges,
  ) {}

  async setPurpose(actor: Actor, stayId: string, purpose: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const stay = await this.stayOrThrow(m, stayId);
      await this.annotate(m, actor, 'stay.purpose', stay, { purpose });
      await m.update(LedgerStayEntity, { id: stayId }, { purpose });
    });
  }

  async correct(actor: Actor, stayId: string, note: string): Promise<void> {
    await this.dataSource.transaction(async (m) => this.annotate(m, actor, 'stay.correction', await this.stayOrThrow(m, stayId), { note }));
  }

  /** Closes an open stay so the person can enter again (anti-passback), with the operator's reason. */
  async forgive(actor: Actor, stayId: string, reason: string): Promise<void> {
    const areaId = await this.dataSource.transaction(async (m) => {
      // Serialise with decisions (they hold the log head while projecting exits) before reading the stay.
      await m.query('SELECT 1 FROM log_heads WHERE log_id = $1 FOR UPDATE', [MAIN_LOG]);
      const stay = await this.stayOrThrow(m, stayId);
      if (stay.exitedAt) throw new AppError(ErrorCode.Conflict, 'Stay already closed', `Stay ${stayId} ended at ${stay.exitedAt.toISOString()}.`);
      // The exit time is the record's own time, so rebuilding the ledger from the log gives exactly this stay.
      const at = await this.annotate(m, actor, 'stay.forgiven', stay, { reason });
      await m.update(LedgerStayEntity, { id: stayId }, { exitedAt: at, exitKind: 'forgiven' });
      return stay.areaId;
    });
    this.stays.notify(areaId);
  }

  /** The day's ledger for an area is signed off by a reviewer; a second sign-off of the same day is refused. */
  async signOff(actor: Actor, areaId: string, localDate: string, comment: string): Promise<{ recordId: string; reviewedAt: string }> {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.config.timeZone }).format(new Date());
    if (localDate > today) throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'date', message: 'date must not be in the future' }]);
    const recordId = uuidv7();
    const reviewedAt = new Date();
    await this.dataSource.transaction(async (m) => {
      if (!(await m.query('SELECT 1 FROM areas WHERE id = $1', [areaId])).length) throw new AppError(ErrorCode.NotFound, 'Area not found', `No area ${areaId}.`);
      if ((await m.query('SELECT 1 FROM ledger_day_reviews WHERE area_id = $1 AND local_date = $2', [areaId, localDate])).length) {
        throw new AppError(ErrorCode.Conflict, 'Already signed off', `${localDate} of ${areaId} is signed off; add a correction instead.`);
      }
      await this.log.append(m, [{
        id: recordId, kind: LogKind.Annotation, type: 'ledger.day-reviewed', occurredAt: reviewedAt, source: 'api', areaId,
        body: { by: { operatorId: actor.operatorId, username: actor.username }, date: localDate, timeZone: this.config.timeZone, comment },
      }]);
      await m.query(
        'INSERT INTO ledger_day_reviews (area_id, local_date, record_id, reviewed_by, reviewed_at, comment) VALUES ($1, $2, $3, $4, $5, $6)',
        [areaId, localDate, recordId, actor.username, reviewedAt, comment],
      );
    });
    return { recordId, reviewedAt: reviewedAt.toISOString() };
  }

  async reviews(areaId: string | undefined, from: string, to: string): Promise<Array<{ areaId: string; date: string; reviewedBy: string; reviewedAt: string; comment: string }>> {
    const rows = await this.dataSource.query(
      `SELECT area_id, to_char(local_date, 'YYYY-MM-DD') AS date, reviewed_by, reviewed_at, comment FROM ledger_day_reviews
        WHERE local_date >= $1 AND local_date <= $2 AND ($3::text IS NULL OR area_id = $3) ORDER BY local_date, area_id`,
      [from, to, areaId ?? null],
    );
    return rows.map((r: Record<string, never>) => ({ areaId: r.area_id, date: r.date, reviewedBy: r.reviewed_by, reviewedAt: (r.reviewed_at as Date).toISOString(), comment: r.comment }));
  }

  private async stayOrThrow(m: EntityManager, id: string): Promise<LedgerStayEntity> {
    const stay = await m.findOneBy(LedgerStayEntity, { id });
    if (!stay) throw new AppError(ErrorCode.NotFound, 'Stay not found', `No stay ${id}.`);
    return stay;
  }

  /** Appends the annotation and returns its time (millisecond precision, as stored). */
  private async annotate(m: EntityManager, actor: Actor, type: string, stay: LedgerStayEntity, body: Record<string, unknown>): Promise<Date> {
    const occurredAt = new Date();
    await this.log.append(m, [{
      id: uuidv7(), kind: LogKind.Annotation, type, occurredAt, source: 'api', attemptId: stay.entryAttemptId,
      personId: stay.personId, areaId: stay.areaId, body: { by: { operatorId: actor.operatorId, username: actor.username }, stayId: stay.id, ...body },
    }]);
    return occurredAt;
  }
}
