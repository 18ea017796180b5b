import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind, type NewLogRecord } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { createMigratedDatabase, type TestDatabase } from '../../support/test-database.js';

const record = (overrides: Partial<NewLogRecord> = {}): NewLogRecord => ({
  id: uuidv7(),
  kind: LogKind.Door,
  type: 'door.opened',
  occurredAt: new Date('2026-11-25T01:00:00Z'),
  source: 'bridge-1',
  sourceSeq: 1,
  doorId: 'door-a1',
  body: {},
  ...overrides,
});

describe(AccessLogRepository.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let sut: AccessLogRepository;

  beforeAll(async () => {
    ({ db, ds } = await createMigratedDatabase());
    sut = new AccessLogRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('gives appended records dense indexes in order', async () => {
    const before = await sut.size();
    const batch = [record(), record(), record()];
    const result = await sut.appendInTransaction(batch);
    expect(result).toEqual({ appended: batch.map((r) => r.id), duplicates: [] });
    const stored = await Promise.all(batch.map((r) => sut.findById(r.id)));
    expect(stored.map((r) => r?.idx)).toEqual([before, before + 1, before + 2]);
    expect(await sut.size()).toBe(before + 3);
  });

  it('stores a duplicate delivery once and reports it', async () => {
    const event = record({ type: 'door.closed' });
    await sut.appendInTransaction([event]);
    const size = await sut.size();
    const again = await sut.appendInTransaction([event, event]);
    expect(again).toEqual({ appended: [], duplicates: [event.id, event.id] });
    expect(await sut.size()).toBe(size);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM access_log WHERE id = $1', [event.id]);
    expect(n).toBe(1);
  });

  it.each([
    ['UPDATE', `UPDATE access_log SET type = 'door.closed'`],
    ['DELETE', 'DELETE FROM access_log'],
    ['TRUNCATE', 'TRUNCATE access_log CASCADE'],
  ])('refuses %s at the database level', async (_op, sql) => {
    await sut.appendInTransaction([record()]);
    await expect(ds.query(sql)).rejects.toThrow(/append-only/);
  });

  it('never forks or leaves gaps when two api processes append at once', async () => {
    const other = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      const otherRepo = new AccessLogRepository(other);
      const before = await sut.size();
      const writes = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? sut : otherRepo).appendInTransaction([record(), record()]));
      await Promise.all(writes);
      const rows: Array<{ idx: string }> = await ds.query('SELECT idx FROM access_log WHERE idx >= $1 ORDER BY idx', [before]);
      expect(rows.map((r) => Number(r.idx))).toEqual(Array.from({ length: 80 }, (_, i) => before + i));
      expect(await sut.size()).toBe(before + 80);
    } finally {
      await other.destroy();
    }
  });

  it('filters and pages newest first', async () => {
    const attemptId = uuidv7();
    const mine = [record({ attemptId }), record({ attemptId, type: 'door.closed' })];
    await sut.appendInTransaction(mine);
    const page = await sut.query({ attemptId, limit: 1 });
    expect(page.map((r) => r.id)).toEqual([mine[1].id]);
    const next = await sut.query({ attemptId, limit: 10, before: { occurredAt: page[0].occurredAt, idx: page[0].idx } });
    expect(next.map((r) => r.id)).toEqual([mine[0].id]);
  });
});

describe('access-log filters', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let sut: AccessLogRepository;

  beforeAll(async () => {
    ({ db, ds } = await createMigratedDatabase());
    sut = new AccessLogRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('filters by area, outcome and contractor company', async () => {
    const [company] = await ds.query(
      `INSERT INTO companies (id, name_ja, agreement_ref, agreement_valid_from, agreement_valid_until) VALUES ($1, '架空保守', 'R8-1', '2026-04-01', '2027-03-31') RETURNING id`,
      [uuidv7()],
    );
    const worker = uuidv7();
    await ds.query(`INSERT INTO people (id, person_no, kind, family_name, given_name, affiliation_ja, company_id) VALUES ($1, 'C0900', 'contractor', '保守', '次郎', '架空保守', $2)`, [worker, company.id]);
    const granted = record({ kind: LogKind.Decision, type: 'decision.online', outcome: 'grant', areaId: 'area-x', personId: worker });
    const denied = record({ kind: LogKind.Decision, type: 'decision.online', outcome: 'deny', areaId: 'area-x' });
    const elsewhere = record({ areaId: 'area-y' });
    await sut.appendInTransaction([granted, denied, elsewhere]);
    expect((await sut.query({ areaId: 'area-x', limit: 10 })).map((r) => r.id).sort()).toEqual([granted.id, denied.id].sort());
    expect((await sut.query({ outcome: 'deny', limit: 10 })).map((r) => r.id)).toEqual([denied.id]);
    expect((await sut.query({ companyId: company.id, limit: 10 })).map((r) => r.id)).toEqual([granted.id]);
  });
});
