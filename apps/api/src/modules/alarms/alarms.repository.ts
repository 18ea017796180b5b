import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter.js';
import { ALARM_TYPES, AlarmRecordType, ClockOffsetRecordType } from './alarm-types.js';

/**
 * The records of the partial index access_log_alarm_time_idx (migration AddAlarmRecords), word for word: a
 * query that states them lets PostgreSQL scan only that small index.
 */
const alarmRecords = (t: string) =>
  `(${t}.kind = 'alarm' OR ${t}.type IN ('door.forced-open', 'door.held-open', 'reader.tamper', 'bridge.clock-offset-exceeded', 'bridge.clock-offset-recovered') OR (${t}.type = 'door.io-local-status' AND ${t}.body->>'tamper' = 'true'))`;

const quoted = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
const RAISING_TYPES = quoted(Object.values(ALARM_TYPES).map((t) => t.recordType));
const CONDITION_TYPES = quoted(Object.values(ALARM_TYPES).filter((t) => !t.momentary).map((t) => t.recordType));

const RAISED = `${alarmRecords('r')} AND r.pruned_at IS NULL AND r.type IN (${RAISING_TYPES}) AND (r.type <> 'door.io-local-status' OR r.body->>'tamper' = 'true')`;
/** Not acknowledged yet, or acknowledged while its condition still holds. */
const STILL_OPEN = `(ack.id IS NULL OR (clr.occurred_at IS NULL AND r.type IN (${CONDITION_TYPES})))`;

/**
 * An alarm is the record that raised it; what happened to it since is in later records: a clearing record of
 * the api (or a bridge's clock recovering), and an operator's acknowledgement.
 */
const FROM = `
  FROM access_log r
  LEFT JOIN people p ON p.id = r.person_id
  LEFT JOIN areas ar ON ar.id = r.area_id
  LEFT JOIN LATERAL (
    SELECT c.occurred_at, c.body->>'reason' AS reason FROM access_log c
     WHERE c.kind = 'alarm' AND c.body->>'alarmId' = r.id::text AND c.type = '${AlarmRecordType.Cleared}'
    UNION ALL
    SELECT x.occurred_at, 'recovered' FROM access_log x
     WHERE r.type = '${ClockOffsetRecordType.Exceeded}' AND ${alarmRecords('x')} AND x.type = '${ClockOffsetRecordType.Recovered}'
       AND x.body->>'bridgeId' = r.body->>'bridgeId' AND x.idx > r.idx
    ORDER BY 1 LIMIT 1) clr ON true
  LEFT JOIN LATERAL (
    SELECT a.id, a.occurred_at, a.body FROM access_log a
     WHERE a.kind = 'alarm' AND a.body->>'alarmId' = r.id::text AND a.type = '${AlarmRecordType.Acknowledged}'
     ORDER BY a.idx LIMIT 1) ack ON true`;

const COLUMNS = `r.id, r.idx, r.type, r.occurred_at, r.source, r.area_id, r.door_id, r.reader_id, r.person_id, r.body,
  p.person_no, ar.name_ja AS area_name_ja, ar.name_en AS area_name_en,
  clr.occurred_at AS cleared_at, clr.reason AS clear_reason, ack.id AS ack_id, ack.occurred_at AS ack_at, ack.body AS ack_body`;

export interface AlarmQuery {
  /** Only alarms still open: unacknowledged, or a condition that has not cleared yet. */
  activeOnly: boolean;
  areaId?: string;
  /** Raised at or after. */
  since?: Date;
  limit: number;
  offset: number;
}

export interface AlarmRow {
  id: string;
  idx: string;
  type: string;
  occurred_at: Date;
  source: string;
  area_id: string | null;
  door_id: string | null;
  reader_id: string | null;
  person_id: string | null;
  body: Record<string, unknown>;
  person_no: string | null;
  area_name_ja: string | null;
  area_name_en: string | null;
  cleared_at: Date | null;
  clear_reason: string | null;
  ack_id: string | null;
  ack_at: Date | null;
  ack_body: { comment: string; by: { operatorId: string; username: string } } | null;
}

/** Alarms as the log holds them: raising records with their clearing and acknowledgement. */
@Injectable()
export class AlarmsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(q: AlarmQuery): Promise<{ rows: AlarmRow[]; total: number }> {
    const f = new SqlFilter().add('r.area_id = ?', q.areaId).add('r.occurred_at >= ?', q.since);
    const where = whereRaised(f, q.activeOnly ? [STILL_OPEN] : []);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${FROM} ${where}`, [...f.params]);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} ${FROM} ${where} ORDER BY r.occurred_at DESC, r.idx DESC LIMIT ${f.next(q.limit)} OFFSET ${f.next(q.offset)}`,
      f.params,
    );
    return { rows, total };
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<AlarmRow | undefined> {
    const f = new SqlFilter().add('r.id = ?', id);
    const [row] = await manager.query(`SELECT ${COLUMNS} ${FROM} ${whereRaised(f)}`, f.params);
    return row;
  }
}

/** Live (not pruned) raising records, and the caller's filters. */
function whereRaised(f: SqlFilter, conditions: string[] = []): string {
  return `WHERE ${[RAISED, ...conditions, f.where.replace(/^WHERE /, '')].filter(Boolean).join(' AND ')}`;
}
