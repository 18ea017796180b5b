import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tamper-evident log: records, interior nodes and checkpoints are only ever added. */
const APPEND_ONLY = ['access_log', 'log_nodes', 'checkpoints'];

/**
 * A least-privilege role for the api (issue 5): it may add to the log tables and read them, move the log head,
 * and use the other tables normally — but never UPDATE, DELETE or TRUNCATE a record, node or checkpoint, even
 * with the triggers off (only the owner can switch those off). NOLOGIN: a deployment logs in as its own user
 * that is a member of acs_app, or the owner's session does `SET ROLE acs_app`. Migrations run as the owner.
 *
 * Roles are cluster-wide, so the role is created only if missing (tolerating a concurrent creator: tests
 * migrate many databases at once) and never dropped: `down` takes back this database's grants only.
 * Tables created later get normal DML by default; a migration adding an append-only table must revoke
 * UPDATE, DELETE and TRUNCATE on it from acs_app, as this one does.
 */
export class CreateAppRole1795564845000 implements MigrationInterface {
  name = 'CreateAppRole1795564845000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'acs_app') THEN
          CREATE ROLE acs_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database's migration created it just now
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO acs_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO acs_app`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO acs_app`);
    await q.query(`REVOKE ALL ON ${APPEND_ONLY.join(', ')} FROM acs_app`);
    await q.query(`GRANT SELECT, INSERT ON ${APPEND_ONLY.join(', ')} TO acs_app`);
    await q.query(`REVOKE ALL ON log_heads FROM acs_app`);
    await q.query(`GRANT SELECT, UPDATE ON log_heads TO acs_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO acs_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO acs_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM acs_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM acs_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM acs_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM acs_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM acs_app`);
  }
}
