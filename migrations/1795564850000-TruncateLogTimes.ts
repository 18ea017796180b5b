import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records written before the Merkle tree got `recorded_at DEFAULT now()`, with microseconds. Their leaf hashes
 * were computed from the millisecond values the database hands back, so the stored times are truncated to
 * match: every time in the log is then exactly what its canonical bytes say (the offline verifier insists).
 * Truncation changes no leaf hash. Owner-only: the append-only trigger is paused for this one statement.
 */
export class TruncateLogTimes1795564850000 implements MigrationInterface {
  name = 'TruncateLogTimes1795564850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete`);
    await q.query(`
      UPDATE access_log SET recorded_at = date_trunc('milliseconds', recorded_at), occurred_at = date_trunc('milliseconds', occurred_at)
       WHERE recorded_at <> date_trunc('milliseconds', recorded_at) OR occurred_at <> date_trunc('milliseconds', occurred_at)`);
    await q.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the lost microseconds were never part of any record's hash.
  }
}
