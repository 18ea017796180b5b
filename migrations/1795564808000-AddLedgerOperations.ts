import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area lockdown and closing time; ledger annotations (purpose, corrections, anti-passback forgive, daily sign-off)
 * as access-log records of kind `annotation`, with their projections: the stay's purpose and exit kind, and the
 * per-day review sign-off.
 */
export class AddLedgerOperations1795564808000 implements MigrationInterface {
  name = 'AddLedgerOperations1795564808000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE areas
        ADD COLUMN lockdown_at timestamptz,
        ADD COLUMN lockdown_reason text,
        ADD COLUMN lockdown_by uuid,
        ADD COLUMN two_person_rule boolean NOT NULL DEFAULT false,
        ADD COLUMN closing_time text CHECK (closing_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_kind_check`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_kind_check CHECK (kind IN ('attempt', 'decision', 'door', 'reader', 'bridge', 'admin', 'annotation'))`);
    await q.query(`
      ALTER TABLE ledger_stays
        ADD COLUMN purpose text,
        ADD COLUMN exit_kind text CHECK (exit_kind IN ('exit', 'forgiven'))`);
    await q.query(`UPDATE ledger_stays SET exit_kind = 'exit' WHERE exited_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE ledger_day_reviews (
        area_id      text NOT NULL REFERENCES areas(id),
        local_date   date NOT NULL,
        record_id    uuid NOT NULL,
        reviewed_by  text NOT NULL,
        reviewed_at  timestamptz NOT NULL,
        comment      text NOT NULL DEFAULT '',
        PRIMARY KEY (area_id, local_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_day_reviews`);
    await q.query(`ALTER TABLE ledger_stays DROP COLUMN exit_kind, DROP COLUMN purpose`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_kind_check`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_kind_check CHECK (kind IN ('attempt', 'decision', 'door', 'reader', 'bridge', 'admin'))`);
    await q.query(`ALTER TABLE areas DROP COLUMN closing_time, DROP COLUMN two_person_rule, DROP COLUMN lockdown_by, DROP COLUMN lockdown_reason, DROP COLUMN lockdown_at`);
  }
}
