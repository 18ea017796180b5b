import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter.js';

export interface LedgerQuery {
  from?: Date;
  to?: Date;
  personNo?: string;
  areaId?: string;
  companyId?: string;
  doorId?: string;
  limit: number;
  offset: number;
  /** Time zone of the local date a day's sign-off belongs to. */
  timeZone: string;
}

export interface LedgerRow {
  stayId: string;
  personId: string;
  personNo: string;
  kind: 'staff' | 'contractor';
  familyName: string;
  givenName: string;
  nameKana: string;
  affiliationJa: string;
  affiliationEn: string;
  areaId: string;
  areaNameJa: string;
  areaNameEn: string;
  enteredAt: Date;
  exitedAt: Date | null;
  entryDoorId: string;
  exitDoorId: string | null;
  entryAttemptId: string;
  exitAttemptId: string | null;
  method: string;
  escortPersonNo: string | null;
  purpose: string | null;
  exitKind: string | null;
  reviewedBy: string | null;
}

const COLUMNS = `s.id AS "stayId", p.id AS "personId", p.person_no AS "personNo", p.kind, p.family_name AS "familyName",
  p.given_name AS "givenName", p.name_kana AS "nameKana", p.affiliation_ja AS "affiliationJa",
  p.affiliation_en AS "affiliationEn", a.id AS "areaId", a.name_ja AS "areaNameJa", a.name_en AS "areaNameEn",
  s.entered_at AS "enteredAt", s.exited_at AS "exitedAt", s.entry_door_id AS "entryDoorId",
  s.exit_door_id AS "exitDoorId", s.entry_attempt_id AS "entryAttemptId", s.exit_attempt_id AS "exitAttemptId",
  s.method, e.person_no AS "escortPersonNo", s.purpose, s.exit_kind AS "exitKind", r.reviewed_by AS "reviewedBy"`;

/** A text value as one CSV field (RFC 4180 quoting only when needed; NULL → empty). */
const csv = (expr: string) => `CASE WHEN ${expr} ~ '[",\r\n]' THEN '"' || replace(${expr}, '"', '""') || '"' ELSE COALESCE(${expr}, '') END`;
/** Local time in the zone of the query's last parameter ($tz is substituted by `source`). */
const local = (expr: string, format: string) => `to_char(${expr} AT TIME ZONE $TZ, '${format}')`;

/** The paper ledger's columns (LEDGER_CSV_HEADER), one CSV line per stay. */
const CSV_LINE = [
  local('s.entered_at', 'YYYY-MM-DD'),
  csv(`(p.family_name || ' ' || p.given_name)`),
  csv('p.name_kana'),
  csv('p.person_no'),
  `CASE p.kind WHEN 'staff' THEN '職員/staff' ELSE '委託/contractor' END`,
  csv('p.affiliation_ja'),
  csv('a.name_ja'),
  csv('s.purpose'),
  local('s.entered_at', 'HH24:MI:SS'),
  `COALESCE(${local('s.exited_at', 'HH24:MI:SS')} || CASE WHEN s.exit_kind = 'forgiven' THEN ' (forgiven)' ELSE '' END, '')`,
  csv('e.person_no'),
  csv('s.method'),
  csv('r.reviewed_by'),
].join(` || ',' || `);

/** Reads the entry ledger: stays joined with who and where. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(q: LedgerQuery): Promise<{ rows: LedgerRow[]; total: number }> {
    const { from, params, next } = this.source(q);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, [...params]);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} ${from} ORDER BY s.entered_at DESC, s.id DESC LIMIT ${next(q.limit)} OFFSET ${next(q.offset)}`,
      params,
    );
    return { rows, total };
  }

  /** Every matching stay, oldest first, in batches (see `cursor`). */
  stream(q: Omit<LedgerQuery, 'limit' | 'offset'>, batchSize: number): AsyncGenerator<LedgerRow[]> {
    return this.cursor<LedgerRow>(q, COLUMNS, batchSize);
  }

  /**
   * The ledger sheet as CSV lines, formatted by PostgreSQL in the site's time zone: a million stays leave the
   * database as a million short strings instead of a million rows of twenty columns to parse.
   */
  async *csvLines(q: Omit<LedgerQuery, 'limit' | 'offset'>, batchSize: number): AsyncGenerator<string[]> {
    for await (const rows of this.cursor<{ line: string }>(q, `${CSV_LINE} AS line`, batchSize)) yield rows.map((r) => r.line);
  }

  /**
   * One server-side cursor: one consistent snapshot for the whole export, one query plan, one batch in memory.
   */
  private async *cursor<T>(q: Omit<LedgerQuery, 'limit' | 'offset'>, select: string, batchSize: number): AsyncGenerator<T[]> {
    const { from, params, tz } = this.source({ ...q, limit: 0, offset: 0 });
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      // The whole result is wanted: plan for total time, not for the first rows.
      await runner.query('SET LOCAL cursor_tuple_fraction = 1.0');
      await runner.query(`DECLARE ledger_export NO SCROLL CURSOR FOR SELECT ${select.replaceAll('$TZ', tz)} ${from} ORDER BY s.entered_at, s.id`, params);
      for (;;) {
        const rows: T[] = await runner.query(`FETCH ${Math.trunc(batchSize)} FROM ledger_export`);
        if (rows.length === 0) break;
        yield rows;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private source(q: LedgerQuery): { from: string; params: unknown[]; next: (v: unknown) => string; tz: string } {
    const f = new SqlFilter()
      .add('s.entered_at >= ?', q.from)
      .add('s.entered_at < ?', q.to)
      .add('p.person_no = ?', q.personNo)
      .add('s.area_id = ?', q.areaId)
      .add('p.company_id = ?', q.companyId)
      .add('(s.entry_door_id = ? OR s.exit_door_id = ?)', q.doorId, q.doorId);
    const tz = f.next(q.timeZone);
    const from = `FROM ledger_stays s JOIN people p ON p.id = s.person_id JOIN areas a ON a.id = s.area_id
                  LEFT JOIN people e ON e.id = s.escort_person_id
                  LEFT JOIN ledger_day_reviews r ON r.area_id = s.area_id AND r.local_date = (s.entered_at AT TIME ZONE ${tz})::date ${f.where}`;
    return { from, params: f.params, next: (v) => f.next(v), tz };
  }

  async areaName(areaId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query('SELECT name_ja, name_en FROM areas WHERE id = $1', [areaId]);
    return row ? `${row.name_ja} / ${row.name_en}` : undefined;
  }
}
