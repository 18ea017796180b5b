import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key rotation (issue 5): each checkpoint records the verifier keys of every key that signed it, so an export can
 * hand an auditor the keys of its whole history even after old keys were retired from the key file. Checkpoints
 * signed before this migration keep NULL (their key is the key file's, as before). The column is only ever
 * written with its row: the append-only triggers still refuse any UPDATE.
 */
export class AddCheckpointVerifierKeys1795564865000 implements MigrationInterface {
  name = 'AddCheckpointVerifierKeys1795564865000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE checkpoints ADD COLUMN verifier_keys text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE checkpoints DROP COLUMN verifier_keys`);
  }
}
