import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createMigratedDatabase, type TestDatabase } from '../../support/test-database.js';

const LOG_TABLES = ['access_log', 'log_nodes', 'checkpoints'] as const;
const HASH = `'\\x${'ab'.repeat(32)}'::bytea`;
const INSERTS: Record<(typeof LOG_TABLES)[number], string> = {
  access_log: `INSERT INTO access_log (log_id, idx, id, kind, type, occurred_at, recorded_at, source, body, leaf_hash)
               VALUES ('main', 1000000, '0190f5c2-7a4b-7cde-8f01-000000000001', 'door', 'door.opened', now(), now(), 'test', '{}', ${HASH})`,
  log_nodes: `INSERT INTO log_nodes (log_id, level, idx, hash) VALUES ('main', 1, 1000000, ${HASH})`,
  checkpoints: `INSERT INTO checkpoints (log_id, size, root, note, key_id, created_at) VALUES ('main', 1000000, ${HASH}, 'note', '00000000', now())`,
};

describe('protection of the access log in the database', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let client: pg.Client;

  beforeAll(async () => {
    ({ db, ds } = await createMigratedDatabase());
    // One committed row each, so the row triggers have something to refuse.
    for (const table of LOG_TABLES) await ds.query(INSERTS[table].replace(/1000000/g, '1').replace('000000000001', '000000000002'));
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await ds?.destroy();
    await db?.drop();
  });

  /** One statement as the api's role, always rolled back. */
  const asApp = async (sql: string): Promise<unknown> => {
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL ROLE acs_app');
      return (await client.query(sql)).rowCount;
    } finally {
      await client.query('ROLLBACK');
    }
  };

  it.each(LOG_TABLES)('the triggers refuse UPDATE, DELETE and TRUNCATE on %s, even to its owner', async (table) => {
    await expect(ds.query(`UPDATE ${table} SET log_id = log_id`)).rejects.toThrow(/append-only: UPDATE is not allowed/);
    await expect(ds.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only: DELETE is not allowed/);
    await expect(ds.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
  });

  it('has a least-privilege role for the api that cannot log in by itself', async () => {
    const [role] = await ds.query(`SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'acs_app'`);
    expect(role).toEqual({ rolcanlogin: false, rolsuper: false, rolbypassrls: false });
  });

  it.each(LOG_TABLES)('as acs_app, %s takes INSERT and SELECT, and UPDATE, DELETE and TRUNCATE fail for lack of privilege', async (table) => {
    expect(await asApp(INSERTS[table])).toBe(1);
    expect(await asApp(`SELECT * FROM ${table}`)).toBe(1);
    for (const sql of [`UPDATE ${table} SET log_id = log_id`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
      await expect(asApp(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(new RegExp(`permission denied for table ${table}`)) });
    }
  });

  it('as acs_app, the log head can be read and moved but not added or removed, and the other tables are used normally', async () => {
    expect(await asApp(`SELECT size FROM log_heads WHERE log_id = 'main' FOR UPDATE`)).toBe(1);
    expect(await asApp(`UPDATE log_heads SET size = size WHERE log_id = 'main'`)).toBe(1);
    for (const sql of [`INSERT INTO log_heads (log_id) VALUES ('other')`, `DELETE FROM log_heads`, `TRUNCATE log_heads CASCADE`]) {
      await expect(asApp(sql)).rejects.toMatchObject({ code: '42501' });
    }
    expect(await asApp(`INSERT INTO areas (id, name_ja, name_en, floor) VALUES ('area-z', 'Z', 'Z', 1)`)).toBe(1);
    expect(await asApp(`UPDATE ledger_stays SET purpose = purpose`)).toBe(0);
    expect(await asApp(`DELETE FROM ledger_day_reviews`)).toBe(0);
    expect(await asApp(`SELECT nextval('credential_cache_version')`)).toBe(1);
  });
});
