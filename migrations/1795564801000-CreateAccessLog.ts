import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only access log. Each log (one per site later) has a head row holding its size; appends lock
 * the head, so records get dense, gap-free indexes — the leaf indexes of the Merkle tree added later
 * (a leaf_hash column and checkpoints attach without rewriting anything here).
 */
export class CreateAccessLog1795564801000 implements MigrationInterface {
  name = 'CreateAccessLog1795564801000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE log_heads (
        log_id  text PRIMARY KEY,
        size    bigint NOT NULL DEFAULT 0 CHECK (size >= 0)
      )`);
    await q.query(`INSERT INTO log_heads (log_id, size) VALUES ('main', 0)`);
    await q.query(`
      CREATE TABLE access_log (
        log_id       text NOT NULL REFERENCES log_heads(log_id),
        idx          bigint NOT NULL CHECK (idx >= 0),
        id           uuid NOT NULL UNIQUE,
        kind         text NOT NULL CHECK (kind IN ('attempt', 'decision', 'door', 'reader', 'bridge', 'admin')),
        type         text NOT NULL,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        source       text NOT NULL,
        source_seq   bigint,
        attempt_id   uuid,
        person_id    uuid,
        area_id      text,
        door_id      text,
        reader_id    text,
        outcome      text CHECK (outcome IN ('grant', 'deny')),
        reason       text,
        body         jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (log_id, idx)
      )`);
    await q.query(`CREATE INDEX access_log_attempt_idx ON access_log (attempt_id) WHERE attempt_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_person_time_idx ON access_log (person_id, occurred_at) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_door_time_idx ON access_log (door_id, occurred_at) WHERE door_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_time_idx ON access_log (occurred_at)`);
    // Append-only: the database itself refuses to change or remove a record (policy 5(1)⑥イ).
    await q.query(`
      CREATE FUNCTION access_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log
      FOR EACH ROW EXECUTE FUNCTION access_log_reject_change()`);
    await q.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
      FOR EACH STATEMENT EXECUTE FUNCTION access_log_reject_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log`);
    await q.query(`DROP FUNCTION access_log_reject_change()`);
    await q.query(`DROP TABLE log_heads`);
  }
}
