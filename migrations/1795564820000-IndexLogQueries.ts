import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes shaped like the queries: the access log is read newest first (occurred_at, idx) under one filter at a
 * time, so each filter gets an index already in that order and a page is a short index range scan, however
 * large the log. Ledger exports page through stays by (entered_at, id).
 */
export class IndexLogQueries1795564820000 implements MigrationInterface {
  name = 'IndexLogQueries1795564820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_log_person_time_idx`);
    await q.query(`DROP INDEX access_log_door_time_idx`);
    await q.query(`DROP INDEX access_log_time_idx`);
    await q.query(`CREATE INDEX access_log_time_idx ON access_log (occurred_at DESC, idx DESC)`);
    await q.query(`CREATE INDEX access_log_person_time_idx ON access_log (person_id, occurred_at DESC, idx DESC) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_door_time_idx ON access_log (door_id, occurred_at DESC, idx DESC) WHERE door_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_kind_time_idx ON access_log (kind, occurred_at DESC, idx DESC)`);
    await q.query(`DROP INDEX ledger_stays_entered_idx`);
    await q.query(`CREATE INDEX ledger_stays_entered_idx ON ledger_stays (entered_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ledger_stays_entered_idx`);
    await q.query(`CREATE INDEX ledger_stays_entered_idx ON ledger_stays (entered_at)`);
    await q.query(`DROP INDEX access_log_kind_time_idx`);
    await q.query(`DROP INDEX access_log_door_time_idx`);
    await q.query(`DROP INDEX access_log_person_time_idx`);
    await q.query(`DROP INDEX access_log_time_idx`);
    await q.query(`CREATE INDEX access_log_time_idx ON access_log (occurred_at)`);
    await q.query(`CREATE INDEX access_log_person_time_idx ON access_log (person_id, occurred_at) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_door_time_idx ON access_log (door_id, occurred_at) WHERE door_id IS NOT NULL`);
  }
}
