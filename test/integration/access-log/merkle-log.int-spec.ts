import { merkleRoot, openCheckpoint, parseVerifierKey, recordLeafHash, verifyConsistency, verifyInclusion, type LedgerRecord } from '#domain';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options.js';
import { AccessLogModule } from '../../../apps/api/src/modules/access-log/access-log.module.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { Checkpointer } from '../../../apps/api/src/modules/access-log/checkpointer.service.js';
import { LogProofsService } from '../../../apps/api/src/modules/access-log/log-proofs.service.js';
import { LogSigner } from '../../../apps/api/src/modules/access-log/log-signer.js';
import { LogTreeRepository } from '../../../apps/api/src/modules/access-log/log-tree.repository.js';
import { apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const event = (i: number) => ({
  id: uuidv7(), kind: LogKind.Door, type: 'door.opened', occurredAt: new Date(Date.UTC(2026, 10, 25, 1, 0, i)), source: 'bridge-1',
  sourceSeq: i, doorId: 'door-a1', body: { n: i, nested: { at: new Date(Date.UTC(2026, 0, 1)), skip: undefined } },
});

describe('the access log as a Merkle tree', () => {
  let t: ApiTestModule;
  let log: AccessLogRepository;
  let tree: LogTreeRepository;

  beforeAll(async () => {
    t = await apiTestModule([AccessLogModule], { ACS_CHECKPOINT_EVERY: '1000000', ACS_CHECKPOINT_INTERVAL_S: '3600' });
    log = t.moduleRef.get(AccessLogRepository);
    tree = t.moduleRef.get(LogTreeRepository);
  });
  afterAll(() => t?.close());

  const storedLeaves = async (): Promise<Buffer[]> =>
    (await t.ds.query('SELECT leaf_hash FROM access_log ORDER BY idx')).map((r: { leaf_hash: Buffer }) => r.leaf_hash);

  it('stores leaf hashes that anyone can recompute from the records as read back', async () => {
    await log.appendInTransaction(Array.from({ length: 5 }, (_, i) => event(i)));
    for (const r of await log.range(0, 100)) {
      const { leafHash, ...record } = r;
      expect(recordLeafHash(record as LedgerRecord).equals(leafHash)).toBe(true);
    }
  });

  it('keeps the head root equal to the Merkle root of every leaf, across many appends and two writers', async () => {
    const other = await new DataSource(dataSourceOptions(t.db.url)).initialize();
    try {
      const second = new AccessLogRepository(other);
      await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? log : second).appendInTransaction([event(100 + i), event(200 + i)])));
    } finally {
      await other.destroy();
    }
    const head = await tree.head();
    const leaves = await storedLeaves();
    expect(head.size).toBe(leaves.length);
    expect(head.root!.equals(merkleRoot(leaves))).toBe(true);
  });

  it('signs checkpoints that verify with the published key and are written to the external directory', async () => {
    const checkpointer = t.moduleRef.get(Checkpointer);
    const first = (await checkpointer.signNow())!;
    await log.appendInTransaction([event(900), event(901), event(902)]);
    const second = (await checkpointer.signNow())!;
    expect(await checkpointer.signNow()).toBeUndefined(); // nothing new to sign
    const verifierKey = await t.moduleRef.get(LogSigner).verifierKey();
    const verifier = parseVerifierKey(verifierKey);
    if (!verifier.ok) throw new Error(verifier.error.message);
    for (const c of [first, second]) {
      const opened = openCheckpoint(c.note, [verifier.key], { origin: t.config.log.origin });
      expect(opened).toMatchObject({ ok: true });
      expect(opened.ok && opened.checkpoint.size).toBe(c.size);
    }
    const files = readdirSync(join(t.config.log.checkpointDir, 'main')).sort();
    expect(files).toEqual([`${String(first.size).padStart(16, '0')}.checkpoint`, `${String(second.size).padStart(16, '0')}.checkpoint`]);
    expect(readFileSync(join(t.config.log.checkpointDir, 'main', files[1]), 'utf8')).toBe(second.note);

    const proofs = t.moduleRef.get(LogProofsService);
    const consistency = await proofs.consistency(first.size, second.size);
    expect(verifyConsistency(first.size, second.size, first.root, second.root, consistency.proof)).toBe(true);
    for (const idx of [0, 7, first.size - 1, second.size - 1]) {
      const inclusion = await proofs.inclusion(idx, second.size);
      expect(verifyInclusion(inclusion.leafHash, idx, second.size, inclusion.proof, second.root)).toBe(true);
      expect(verifyInclusion(inclusion.leafHash, idx, second.size, inclusion.proof, first.root)).toBe(false);
    }
  });

  it.each(['log_nodes', 'checkpoints'])('refuses UPDATE, DELETE and TRUNCATE on %s', async (table) => {
    await expect(t.ds.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`UPDATE ${table} SET log_id = log_id`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
  });
});
