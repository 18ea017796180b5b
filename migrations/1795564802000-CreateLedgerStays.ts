import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The entry ledger (入退室管理簿): one row per stay, a projection of the access log that can be rebuilt. */
export class CreateLedgerStays1795564802000 implements MigrationInterface {
  name = 'CreateLedgerStays1795564802000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_stays (
        id                 uuid PRIMARY KEY,
        person_id          uuid NOT NULL REFERENCES people(id),
        area_id            text NOT NULL REFERENCES areas(id),
        entry_attempt_id   uuid NOT NULL UNIQUE,
        entry_door_id      text NOT NULL,
        entered_at         timestamptz NOT NULL,
        exit_attempt_id    uuid UNIQUE,
        exit_door_id       text,
        exited_at          timestamptz,
        method             text NOT NULL CHECK (method IN ('vein+pin', 'offline', 'emergency')),
        escort_person_id   uuid REFERENCES people(id),
        CHECK (exited_at IS NULL OR exited_at >= entered_at)
      )`);
    await q.query(`CREATE INDEX ledger_stays_entered_idx ON ledger_stays (entered_at)`);
    await q.query(`CREATE INDEX ledger_stays_open_idx ON ledger_stays (area_id, person_id) WHERE exited_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_stays`);
  }
}
