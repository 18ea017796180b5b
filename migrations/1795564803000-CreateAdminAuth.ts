import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Console/API operators and their sessions (tokens stored as SHA-256 hashes only). */
export class CreateAdminAuth1795564803000 implements MigrationInterface {
  name = 'CreateAdminAuth1795564803000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operators (
        id             uuid PRIMARY KEY,
        username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,63}$'),
        password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        role           text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE operator_sessions (
        token_hash   bytea PRIMARY KEY,
        operator_id  uuid NOT NULL REFERENCES operators(id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX operator_sessions_expiry_idx ON operator_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE operator_sessions`);
    await q.query(`DROP TABLE operators`);
  }
}
