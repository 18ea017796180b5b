import type { ProjectedStay } from '#domain';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORGIVE_WINDOW_MS, compareStays, sheetTime } from './compare-stays.js';

const T = Date.UTC(2026, 10, 25, 1, 0, 0);
const uuid = (n: number) => `0190f5c2-7a4b-7cde-8f01-${String(n).padStart(12, '0')}`;

const stay = (over: Partial<ProjectedStay> = {}): ProjectedStay => ({
  id: uuid(1), personId: uuid(2), areaId: 'area-a', entryAttemptId: uuid(3), entryDoorId: 'door-a1', enteredAt: new Date(T),
  exitAttemptId: uuid(4), exitDoorId: 'door-a1', exitedAt: new Date(T + 60_000), method: 'vein+pin', escortPersonId: null, purpose: 'UPS点検', exitKind: 'exit',
  sources: { entry: 10, exit: 20, purpose: 15, annotations: [15] },
  ...over,
});

const row = (s: ProjectedStay, over: Record<string, unknown> = {}) => ({
  id: s.id, personId: s.personId, areaId: s.areaId, entryAttemptId: s.entryAttemptId, entryDoorId: s.entryDoorId, enteredAt: sheetTime(s.enteredAt),
  exitAttemptId: s.exitAttemptId, exitDoorId: s.exitDoorId, exitedAt: s.exitedAt && sheetTime(s.exitedAt), method: s.method,
  escortPersonId: s.escortPersonId, purpose: s.purpose, exitKind: s.exitKind, ...over,
});

function sheet(rows: object[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'acs-sheet-')), 'stays.ndjson');
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return path;
}

describe(compareStays.name, () => {
  it('finds nothing when the sheet holds exactly the rebuilt stays', async () => {
    const s = stay();
    expect(await compareStays(sheet([row(s)]), [s])).toMatchObject({ sheetStays: 1, rebuiltStays: 1, mismatches: [], firstBadIndex: undefined });
  });

  it('names the field and the record that contradicts it', async () => {
    const s = stay();
    const result = await compareStays(sheet([row(s, { purpose: 'なし', exitedAt: sheetTime(new Date(T + 120_000)) })]), [s]);
    expect(result.mismatches.map((m) => [m.idx, m.message.match(/: (\w+) is/)?.[1]])).toEqual([[15, 'purpose'], [20, 'exitedAt']]);
    expect(result.firstBadIndex).toBe(15);
  });

  it('compares entry and exit times to the millisecond, and refuses microseconds on them', async () => {
    const s = stay();
    const shifted = sheetTime(new Date(s.enteredAt.getTime() + 1));
    const micro = sheetTime(s.exitedAt!).replace('000Z', '001Z');
    const result = await compareStays(sheet([row(s, { enteredAt: shifted, exitedAt: micro })]), [s]);
    expect(result.mismatches.map((m) => m.message.match(/: (\w+) is/)?.[1])).toEqual(['enteredAt', 'exitedAt']);
    expect((await compareStays(sheet([row(s)]), [s])).mismatches).toEqual([]);
  });

  it('accepts the forgive time the api stamps just after the record, but not an hour later', async () => {
    const occurredAt = new Date(T + 30_000);
    const recordedAt = new Date(T + 30_004);
    const s = stay({ exitAttemptId: null, exitDoorId: null, exitedAt: occurredAt, exitKind: 'forgiven', sources: { entry: 10, forgive: { idx: 12, occurredAt, recordedAt }, annotations: [12] } });
    const later = (ms: number) => sheetTime(new Date(recordedAt.getTime() + ms)).replace('000Z', '417Z');
    expect((await compareStays(sheet([row(s, { exitedAt: later(3) })]), [s])).mismatches).toEqual([]);
    expect((await compareStays(sheet([row(s, { exitedAt: later(FORGIVE_WINDOW_MS + 1) })]), [s])).mismatches).toEqual([expect.objectContaining({ idx: 12 })]);
    expect((await compareStays(sheet([row(s, { exitedAt: sheetTime(new Date(T)) })]), [s])).mismatches).toHaveLength(1);
  });

  it('checks the row id only where an annotation named it', async () => {
    const named = stay();
    const unnamed = stay({ id: null, entryAttemptId: uuid(30), sources: { entry: 40, exit: 41, annotations: [] }, purpose: null });
    const rows = [row(named, { id: uuid(99) }), row(unnamed, { id: uuid(98) })];
    expect((await compareStays(sheet(rows), [named, unnamed])).mismatches).toEqual([expect.objectContaining({ idx: 15, message: expect.stringMatching(/id is/) })]);
  });

  it('reports rows it cannot read, duplicated rows, and a missing sheet', async () => {
    const s = stay();
    const result = await compareStays(sheet([row(s), row(s), { ...row(s), enteredAt: '2026-11-25 01:00' }]), [s]);
    expect(result.mismatches.map((m) => m.line)).toEqual([2, 3]);
    expect((await compareStays('/nonexistent/stays.ndjson', [s])).mismatches.map((m) => m.message)).toEqual([expect.stringMatching(/missing/), expect.stringMatching(/not in the sheet/)]);
  });
});
