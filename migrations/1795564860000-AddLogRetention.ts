import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns a pruned record loses: everything but log_id, idx, id, occurred_at and leaf_hash. */
const REDACTED = ['type', 'recorded_at', 'source', 'source_seq', 'attempt_id', 'person_id', 'area_id', 'door_id', 'reader_id', 'outcome', 'reason', 'body'];
const KINDS = `'attempt', 'decision', 'door', 'reader', 'bridge', 'admin', 'annotation'`;

/**
 * Retention (issue 5): records past the configured period are pruned by redacting them in place, never by
 * deleting them. A pruned row keeps its position and leaf hash (so indexes, proofs and old checkpoints stay
 * valid), its id (a late duplicate delivery is still recognised) and occurred_at (what retention measured);
 * it loses everything personal, and its kind becomes 'pruned'. Only the owner prunes (`acs log prune`):
 * acs_app has no UPDATE on access_log, and the append-only trigger is paused only inside the prune's
 * transaction.
 */
export class AddLogRetention1795564860000 implements MigrationInterface {
  name = 'AddLogRetention1795564860000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log ADD COLUMN pruned_at timestamptz`);
    await q.query(`ALTER TABLE access_log ALTER COLUMN type DROP NOT NULL, ALTER COLUMN recorded_at DROP NOT NULL, ALTER COLUMN source DROP NOT NULL, ALTER COLUMN body DROP NOT NULL`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_kind_check`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_kind_check CHECK (kind IN (${KINDS}, 'pruned'))`);
    // A live record keeps the old NOT NULLs; a pruned one has exactly the redacted columns empty.
    await q.query(`
      ALTER TABLE access_log ADD CONSTRAINT access_log_pruned_check CHECK (CASE WHEN pruned_at IS NULL
        THEN kind <> 'pruned' AND type IS NOT NULL AND recorded_at IS NOT NULL AND source IS NOT NULL AND body IS NOT NULL
        ELSE kind = 'pruned' AND num_nulls(${REDACTED.join(', ')}) = ${REDACTED.length} END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails once anything was pruned: redacted records cannot come back.
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_pruned_check`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_kind_check`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`ALTER TABLE access_log ALTER COLUMN type SET NOT NULL, ALTER COLUMN recorded_at SET NOT NULL, ALTER COLUMN source SET NOT NULL, ALTER COLUMN body SET NOT NULL`);
    await q.query(`ALTER TABLE access_log DROP COLUMN pruned_at`);
  }
}
