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
  /** Keyset paging for exports: only stays entered after this (entered_at, id). */
  after?: { enteredAt: Date; id: string };
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

/** Reads the entry ledger: stays joined with who and where, newest first. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(q: LedgerQuery): Promise<{ rows: LedgerRow[]; total: number }> {
    const f = new SqlFilter()
      .add('s.entered_at >= ?', q.from)
      .add('s.entered_at < ?', q.to)
      .add('p.person_no = ?', q.personNo)
      .add('s.area_id = ?', q.areaId)
      .add('p.company_id = ?', q.companyId)
      .add('(s.entry_door_id = ? OR s.exit_door_id = ?)', q.doorId, q.doorId)
      .add('(s.entered_at, s.id) > (?, ?)', q.after?.enteredAt, q.after?.id);
    const tz = f.next(q.timeZone);
    const from = `FROM ledger_stays s JOIN people p ON p.id = s.person_id JOIN areas a ON a.id = s.area_id
                  LEFT JOIN people e ON e.id = s.escort_person_id
                  LEFT JOIN ledger_day_reviews r ON r.area_id = s.area_id AND r.local_date = (s.entered_at AT TIME ZONE ${tz})::date ${f.where}`;
    const [{ total }] = q.after ? [{ total: -1 }] : await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, [...f.params]);
    const rows = await this.dataSource.query(
      `SELECT s.id AS "stayId", p.id AS "personId", p.person_no AS "personNo", p.kind, p.family_name AS "familyName",
              p.given_name AS "givenName", p.name_kana AS "nameKana", p.affiliation_ja AS "affiliationJa",
              p.affiliation_en AS "affiliationEn", a.id AS "areaId", a.name_ja AS "areaNameJa", a.name_en AS "areaNameEn",
              s.entered_at AS "enteredAt", s.exited_at AS "exitedAt", s.entry_door_id AS "entryDoorId",
              s.exit_door_id AS "exitDoorId", s.entry_attempt_id AS "entryAttemptId", s.exit_attempt_id AS "exitAttemptId",
              s.method, e.person_no AS "escortPersonNo", s.purpose, s.exit_kind AS "exitKind", r.reviewed_by AS "reviewedBy"
       ${from} ORDER BY ${q.after ? 's.entered_at, s.id' : 's.entered_at DESC, s.id DESC'} LIMIT ${f.next(q.limit)} OFFSET ${f.next(q.offset)}`,
      f.params,
    );
    return { rows, total };
  }

  async areaName(areaId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query('SELECT name_ja, name_en FROM areas WHERE id = $1', [areaId]);
    return row ? `${row.name_ja} / ${row.name_en}` : undefined;
  }
}
