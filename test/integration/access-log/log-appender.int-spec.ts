import { merkleRoot } from '#domain';
import { uuidv7 } from 'uuidv7';
import { AccessLogModule } from '../../../apps/api/src/modules/access-log/access-log.module.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind, type NewLogRecord } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { LogAppender } from '../../../apps/api/src/modules/access-log/log-appender.js';
import { LogTreeRepository } from '../../../apps/api/src/modules/access-log/log-tree.repository.js';
import { apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const record = (overrides: Partial<NewLogRecord> = {}): NewLogRecord => ({
  id: uuidv7(), kind: LogKind.Door, type: 'door.closed', occurredAt: new Date(), source: 'bridge-1', doorId: 'door-a1', body: {}, ...overrides,
});

describe(LogAppender.name, () => {
  let t: ApiTestModule;
  let sut: LogAppender;

  beforeAll(async () => {
    t = await apiTestModule([AccessLogModule], { ACS_CHECKPOINT_INTERVAL_S: '3600', ACS_CHECKPOINT_EVERY: '1000000' });
    sut = t.moduleRef.get(LogAppender);
  });
  afterAll(() => t?.close());

  it('writes concurrent appends in shared commits, each caller told only about its own records', async () => {
    const [{ n: before }] = await t.ds.query(`SELECT count(*)::int AS n FROM access_log`);
    const [{ xact_commit: commitsBefore }] = await t.ds.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
    const batches = Array.from({ length: 300 }, () => [record(), record()]);
    const results = await Promise.all(batches.map((b) => sut.append(b)));
    results.forEach((r, i) => expect(r).toEqual({ appended: batches[i].map((x) => x.id), duplicates: [] }));
    const [{ n: after }] = await t.ds.query(`SELECT count(*)::int AS n FROM access_log`);
    expect(after - before).toBe(600);
    const [{ xact_commit: commitsAfter }] = await t.ds.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
    // Far fewer commits than callers (statistics are per database and include the queries above).
    expect(Number(commitsAfter) - Number(commitsBefore)).toBeLessThan(150);
  });

  // Regression: callers released by a commit re-queued one microtask too late, so the next group held only the
  // first of them and the one after the rest (1, 49, 1, 49, …): twice the commits under sustained load.
  it('under sustained load each commit takes every caller that is waiting, not one of them alone', async () => {
    const repository = t.moduleRef.get(AccessLogRepository);
    const groups: number[] = [];
    const original = repository.append.bind(repository);
    repository.append = (manager, records, logId) => {
      groups.push(records.length);
      return original(manager, records, logId);
    };
    try {
      await Promise.all(Array.from({ length: 50 }, async () => {
        for (let round = 0; round < 5; round++) await sut.append([record()]);
      }));
    } finally {
      repository.append = original;
    }
    expect(groups).toEqual([50, 50, 50, 50, 50]);
  });

  it('stays a valid tree: dense indexes and the head root over every leaf', async () => {
    const leaves = (await t.ds.query('SELECT idx, leaf_hash FROM access_log ORDER BY idx')) as Array<{ idx: string; leaf_hash: Buffer }>;
    expect(leaves.map((l) => Number(l.idx))).toEqual(leaves.map((_, i) => i));
    const head = await t.moduleRef.get(LogTreeRepository).head();
    expect(head.root!.equals(merkleRoot(leaves.map((l) => l.leaf_hash)))).toBe(true);
  });

  it('does not let one bad record fail the other callers of its group', async () => {
    const bad = record({ kind: 'not-a-kind' as LogKind }); // the database's CHECK refuses it
    const good = [record(), record()];
    const outcomes = await Promise.allSettled([sut.append([good[0]]), sut.append([bad]), sut.append([good[1]])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await t.ds.query('SELECT id FROM access_log WHERE id = ANY($1::uuid[])', [[...good, bad].map((r) => r.id)]);
    expect(stored.map((r: { id: string }) => r.id).sort()).toEqual(good.map((r) => r.id).sort());
  });

  it('acknowledges a duplicate delivery without storing it twice', async () => {
    const r = record();
    await sut.append([r]);
    expect(await sut.append([r])).toEqual({ appended: [], duplicates: [r.id] });
  });
});
