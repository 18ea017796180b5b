import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter.js';

export interface LedgerQuery {
  from?: Date;
  to?: Date;
  personNo?: string;
  areaId?: string;
  limit: number;
  offset: number;
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
      .add('s.area_id = ?', q.areaId);
    const from = `FROM ledger_stays s JOIN people p ON p.id = s.person_id JOIN areas a ON a.id = s.area_id
                  LEFT JOIN people e ON e.id = s.escort_person_id ${f.where}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, [...f.params]);
    const rows = await this.dataSource.query(
      `SELECT s.id AS "stayId", p.id AS "personId", p.person_no AS "personNo", p.kind, p.family_name AS "familyName",
              p.given_name AS "givenName", p.name_kana AS "nameKana", p.affiliation_ja AS "affiliationJa",
              p.affiliation_en AS "affiliationEn", a.id AS "areaId", a.name_ja AS "areaNameJa", a.name_en AS "areaNameEn",
              s.entered_at AS "enteredAt", s.exited_at AS "exitedAt", s.entry_door_id AS "entryDoorId",
              s.exit_door_id AS "exitDoorId", s.entry_attempt_id AS "entryAttemptId", s.exit_attempt_id AS "exitAttemptId",
              s.method, e.person_no AS "escortPersonNo"
       ${from} ORDER BY s.entered_at DESC, s.id DESC LIMIT ${f.next(q.limit)} OFFSET ${f.next(q.offset)}`,
      f.params,
    );
    return { rows, total };
  }
}
