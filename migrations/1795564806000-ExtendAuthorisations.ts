import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authorisations get a status (suspend, resume, revoke — effective on the doors within seconds), a weekly
 * schedule in the site's local time, and the Japanese public-holiday calendar the schedule consults.
 * Unused-ID reviews (5(2)①イ) are recorded with their outcome.
 */
export class ExtendAuthorisations1795564806000 implements MigrationInterface {
  name = 'ExtendAuthorisations1795564806000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE authorisations
        ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
        ADD COLUMN status_reason text,
        ADD COLUMN status_changed_at timestamptz,
        ADD COLUMN status_changed_by uuid,
        ADD COLUMN schedule jsonb,
        ADD COLUMN temporary boolean NOT NULL DEFAULT false,
        ADD COLUMN approved_by_id uuid`);
    await q.query(`
      CREATE TABLE holidays (
        date        date PRIMARY KEY,
        name_ja     text NOT NULL,
        name_en     text NOT NULL DEFAULT '',
        source      text NOT NULL CHECK (source IN ('builtin', 'admin')),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE id_reviews (
        id           uuid PRIMARY KEY,
        person_id    uuid NOT NULL REFERENCES people(id),
        outcome      text NOT NULL CHECK (outcome IN ('keep', 'suspend', 'retire')),
        note         text NOT NULL DEFAULT '',
        idle_days    integer NOT NULL,
        reviewed_by  uuid NOT NULL,
        reviewed_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE id_reviews`);
    await q.query(`DROP TABLE holidays`);
    await q.query(`
      ALTER TABLE authorisations DROP COLUMN approved_by_id, DROP COLUMN temporary, DROP COLUMN schedule,
        DROP COLUMN status_changed_by, DROP COLUMN status_changed_at, DROP COLUMN status_reason, DROP COLUMN status`);
  }
}
