import { jest } from '@jest/globals';
import { generateNoteKey, parseSignerKey, signCheckpoint } from '#domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options.js';
import { migrations } from '../../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { runCli, tempDir, verifyJson } from './ledger-verify.support.js';

jest.setTimeout(120_000);

/**
 * An installation that recorded events before the log became a Merkle tree (times with microseconds, no leaf
 * hashes) upgrades, and its whole log then exports and verifies offline.
 */
describe('upgrading a log written before the Merkle tree', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The schema as it was before the Merkle tree: only the migrations up to then.
    const before = migrations.findIndex((m) => m.name === 'AddMerkleTree1795564809000');
    const old = await new DataSource({ ...dataSourceOptions(db.url), migrations: migrations.slice(0, before) }).initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.destroy();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('backfills leaf hashes, truncates old times to what they hash, and verifies end to end', async () => {
    for (let i = 0; i < 5; i++) {
      await ds.query(
        `INSERT INTO access_log (log_id, idx, id, kind, type, occurred_at, source, door_id, body)
         VALUES ('main', $1::bigint, $2, 'door', 'door.opened', now() - interval '1 day' + $1::int * interval '1.234567 second', 'bridge-1', 'door-a1', $3)`,
        [i, uuidv7(), JSON.stringify({ n: i, note: 'ＵＰＳ点検' })],
      );
    }
    await ds.query(`UPDATE log_heads SET size = 5`);
    const [{ micro }] = await ds.query(`SELECT count(*)::int AS micro FROM access_log WHERE recorded_at <> date_trunc('milliseconds', recorded_at)`);
    expect(micro).toBeGreaterThan(0);

    await ds.runMigrations({ transaction: 'each' });
    const [{ left }] = await ds.query(`SELECT count(*)::int AS left FROM access_log WHERE recorded_at <> date_trunc('milliseconds', recorded_at) OR leaf_hash IS NULL`);
    expect(left).toBe(0);

    // Sign a checkpoint over the upgraded log, as the api's checkpointer would.
    const origin = 'acs.localhost/access-log';
    const key = generateNoteKey(origin);
    const signer = parseSignerKey(key.signerKey);
    if (!signer.ok) throw new Error(signer.error.message);
    const [head] = await ds.query(`SELECT size::int, root FROM log_heads WHERE log_id = 'main'`);
    const note = signCheckpoint({ origin, size: head.size, rootHash: head.root }, [signer.key]);
    await ds.query(`INSERT INTO checkpoints (log_id, size, root, note, key_id, created_at) VALUES ('main', $1, $2, $3, 'k', now())`, [head.size, head.root, note]);

    const dir = join(tempDir('acs-upgrade-'), 'export');
    const exported = await runCli(['ledger', 'export', dir], { DATABASE_URL: db.url });
    expect(exported.code).toBe(0);
    const { code, report } = await verifyJson(dir, '--trusted-key', key.verifierKey);
    expect(report.records.problems).toEqual([]);
    expect(code).toBe(0);
  });
});
