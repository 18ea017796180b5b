import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrolments through a door reader (OSDP BIOREAD): one row per capture an operator starts, its state and why it
 * failed. Never the template: a captured template goes straight to vein_templates, sealed as an upload is.
 */
export class CreateVeinCaptures1795564875000 implements MigrationInterface {
  name = 'CreateVeinCaptures1795564875000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vein_captures (
        id                     uuid PRIMARY KEY,
        person_id              uuid NOT NULL REFERENCES people(id),
        reader_id              text NOT NULL REFERENCES readers(id),
        bridge_id              text NOT NULL,
        position               text NOT NULL,
        format                 smallint NOT NULL CHECK (format BETWEEN 0 AND 255),
        replace_existing       boolean NOT NULL,
        status                 text NOT NULL CHECK (status IN ('pending', 'enrolled', 'failed')),
        reason                 text,
        detail                 text,
        quality                smallint CHECK (quality BETWEEN 0 AND 255),
        template_id            uuid,
        requested_by           uuid NOT NULL,
        requested_by_username  text NOT NULL,
        requested_via          text NOT NULL,
        expires_at             timestamptz NOT NULL,
        deadline_at            timestamptz NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        completed_at           timestamptz,
        CHECK ((status = 'failed') = (reason IS NOT NULL)),
        CHECK ((status = 'enrolled') = (template_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX vein_captures_person_idx ON vein_captures (person_id, created_at)`);
    // One capture at a time per reader, even when two operators start one at the same instant.
    await q.query(`CREATE UNIQUE INDEX vein_captures_one_pending_per_reader ON vein_captures (reader_id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vein_captures`);
  }
}
