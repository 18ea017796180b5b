import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PIN life cycle (expiry, lockout, reuse history; 4(4)②) and who enrolled each vein template. */
export class ExtendDoorCredentials1795564805000 implements MigrationInterface {
  name = 'ExtendDoorCredentials1795564805000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pin_credentials
        ADD COLUMN expires_at timestamptz,
        ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN issued_by uuid`);
    await q.query(`
      CREATE TABLE pin_history (
        person_id   uuid NOT NULL REFERENCES people(id),
        verifier    text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pin_history_person_idx ON pin_history (person_id, created_at DESC)`);
    await q.query(`ALTER TABLE vein_templates ADD COLUMN enrolled_by uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vein_templates DROP COLUMN enrolled_by`);
    await q.query(`DROP TABLE pin_history`);
    await q.query(`ALTER TABLE pin_credentials DROP COLUMN issued_by, DROP COLUMN locked_until, DROP COLUMN failed_attempts, DROP COLUMN expires_at`);
  }
}
