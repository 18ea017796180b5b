import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators hold roles through assignments (a deputy for a privileged role is pending until the CISO approves,
 * 5(2)①ウ); operator logins lock after repeated failures, temporary passwords must be changed, privileged
 * operators may use TOTP; integrations use scoped API tokens (stored as hashes).
 */
export class CreateRoleModel1795564807000 implements MigrationInterface {
  name = 'CreateRoleModel1795564807000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE operators
        ADD COLUMN person_id uuid REFERENCES people(id),
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN totp_secret bytea,
        ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN disabled_at timestamptz`);
    await q.query(`
      CREATE TABLE role_assignments (
        id              uuid PRIMARY KEY,
        operator_id     uuid NOT NULL REFERENCES operators(id),
        role            text NOT NULL,
        status          text NOT NULL CHECK (status IN ('active', 'pending-approval', 'revoked')),
        deputy_for      uuid REFERENCES operators(id),
        granted_by      uuid,
        approved_by     uuid,
        reason          text NOT NULL DEFAULT '',
        created_at      timestamptz NOT NULL DEFAULT now(),
        approved_at     timestamptz,
        revoked_at      timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX role_assignments_live_idx ON role_assignments (operator_id, role) WHERE status <> 'revoked'`);
    await q.query(`
      INSERT INTO role_assignments (id, operator_id, role, status, reason, approved_at)
      SELECT gen_random_uuid(), id, role, 'active', 'migrated', now() FROM operators`);
    await q.query(`ALTER TABLE operators DROP COLUMN role`);
    await q.query(`ALTER TABLE operator_sessions ADD COLUMN stage text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'password-change', 'totp'))`);
    await q.query(`
      CREATE TABLE api_tokens (
        id            uuid PRIMARY KEY,
        operator_id   uuid NOT NULL REFERENCES operators(id),
        name          text NOT NULL,
        token_hash    bytea NOT NULL UNIQUE,
        scopes        text[] NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        revoked_at    timestamptz,
        last_used_at  timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`ALTER TABLE operator_sessions DROP COLUMN stage`);
    await q.query(`ALTER TABLE operators ADD COLUMN role text NOT NULL DEFAULT 'system-administrator'`);
    await q.query(`
      UPDATE operators o SET role = a.role FROM role_assignments a
      WHERE a.operator_id = o.id AND a.status = 'active'`);
    await q.query(`ALTER TABLE operators ALTER COLUMN role DROP DEFAULT`);
    await q.query(`DROP TABLE role_assignments`);
    await q.query(`
      ALTER TABLE operators DROP COLUMN disabled_at, DROP COLUMN totp_enabled, DROP COLUMN totp_secret,
        DROP COLUMN locked_until, DROP COLUMN failed_logins, DROP COLUMN must_change_password, DROP COLUMN person_id`);
  }
}
