import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options.js';
import { migrations } from '../../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const APP_TABLES = [
  'access_log', 'api_tokens', 'areas', 'authorisations', 'card_credentials', 'checkpoints', 'companies', 'doors', 'holidays', 'id_reviews', 'identity_checks',
  'ledger_day_reviews', 'ledger_stays', 'log_heads', 'log_nodes', 'operator_sessions', 'operators', 'org_units', 'people', 'pin_credentials', 'pin_history',
  'readers', 'role_assignments', 'vein_captures', 'vein_templates',
];

describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const tables = async (): Promise<string[]> =>
    (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );

  it('builds the whole schema on an empty database', async () => {
    expect(await tables()).toEqual([]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(migrations.length);
    expect(await tables()).toEqual(APP_TABLES);
  });

  it('rolls every migration back down to an empty schema, and up again', async () => {
    for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'access_log_reject_change'`);
    expect(n).toBe(0);
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(APP_TABLES);
  });

  it('has nothing left to run once applied', async () => {
    expect(await ds.showMigrations()).toBe(false);
  });
});
