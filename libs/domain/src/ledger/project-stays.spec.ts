import type { LedgerRecord } from './canonical-record.js';
import { StayProjector, affectsStays, projectStays } from './project-stays.js';

const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const uuid = (n: number) => `0190f5c2-7a4b-7cde-8f01-${String(n).padStart(12, '0')}`;
const ALICE = uuid(9001);
const BOB = uuid(9002);

/** A small log builder: records get dense indexes in the order they are written. */
function log() {
  const records: LedgerRecord[] = [];
  const add = (r: Partial<LedgerRecord> & Pick<LedgerRecord, 'kind' | 'type'>): LedgerRecord => {
    const idx = records.length;
    const record: LedgerRecord = { logId: 'main', idx, id: uuid(idx), occurredAt: at(idx), recordedAt: at(idx), source: 'api', body: {}, ...r };
    records.push(record);
    return record;
  };
  let attempts = 0;
  const grant = (direction: 'entry' | 'exit', person: string, o: { at?: number; area?: string; door?: string; escort?: string; outcome?: 'grant' | 'deny'; attempt?: string } = {}) => {
    const attemptId = o.attempt ?? uuid(5000 + ++attempts);
    add({ kind: 'attempt', type: `attempt.${direction}`, attemptId, personId: person, areaId: o.area ?? 'area-a', doorId: o.door ?? 'door-a1', body: { direction } });
    add({
      kind: 'decision', type: 'decision.online', attemptId, personId: person, areaId: o.area ?? 'area-a', doorId: o.door ?? 'door-a1',
      outcome: o.outcome ?? 'grant', reason: 'GRANTED', ...(o.at !== undefined ? { occurredAt: at(o.at) } : {}),
      body: { direction, unlockMs: 5000, escortPersonId: o.escort, message: { ja: '解錠', en: 'Unlocked' } },
    });
    return attemptId;
  };
  const annotate = (type: string, entryAttemptId: string, stayId: string, body: Record<string, unknown> = {}) =>
    add({ kind: 'annotation', type, attemptId: entryAttemptId, personId: ALICE, areaId: 'area-a', body: { by: { username: 'op' }, stayId, ...body } });
  return { records, add, grant, annotate, project: () => projectStays(records) };
}

describe(projectStays.name, () => {
  it('opens a stay on an entry grant and closes it on the exit grant, with doors, times and method', () => {
    const l = log();
    const entry = l.grant('entry', ALICE, { door: 'door-a1' });
    const exit = l.grant('exit', ALICE, { door: 'door-a2' });
    const { stays, anomalies } = l.project();
    expect(anomalies).toEqual([]);
    expect(stays).toEqual([{
      id: null, personId: ALICE, areaId: 'area-a', entryAttemptId: entry, entryDoorId: 'door-a1', enteredAt: at(1),
      exitAttemptId: exit, exitDoorId: 'door-a2', exitedAt: at(3), method: 'vein+pin', escortPersonId: null, purpose: null, exitKind: 'exit',
      sources: { entry: 1, exit: 3, annotations: [] },
    }]);
  });

  it('ignores denials, other kinds of records and grants without a person or an area', () => {
    const l = log();
    l.grant('entry', ALICE, { outcome: 'deny' });
    l.add({ kind: 'door', type: 'door.opened', doorId: 'door-a1' });
    l.add({ kind: 'decision', type: 'decision.online', attemptId: uuid(1), outcome: 'grant', areaId: 'area-a', doorId: 'door-a1', body: { direction: 'entry' } });
    l.add({ kind: 'decision', type: 'decision.online', attemptId: uuid(2), outcome: 'grant', personId: ALICE, doorId: 'door-a1', body: { direction: 'entry' } });
    l.add({ kind: 'decision', type: 'decision.bridge-local', attemptId: uuid(3), outcome: 'deny', personId: ALICE, areaId: 'area-a', doorId: 'door-a1', body: { direction: 'entry' } });
    expect(l.project()).toEqual({ stays: [], anomalies: [] });
  });

  it('records the escort of a contractor and keeps people and areas apart', () => {
    const l = log();
    l.grant('entry', ALICE);
    l.grant('entry', BOB, { escort: ALICE });
    l.grant('entry', ALICE, { area: 'area-b' });
    l.grant('exit', ALICE);
    const stays = l.project().stays;
    expect(stays.map((s) => [s.personId, s.areaId, s.escortPersonId, s.exitKind])).toEqual([
      [ALICE, 'area-a', null, 'exit'],
      [BOB, 'area-a', ALICE, null],
      [ALICE, 'area-b', null, null],
    ]);
  });

  it('sets the purpose from the latest annotation and learns the row id, on open and on closed stays', () => {
    const l = log();
    const entry = l.grant('entry', ALICE);
    l.annotate('stay.purpose', entry, uuid(777), { purpose: 'UPS点検' });
    l.grant('exit', ALICE);
    l.annotate('stay.purpose', entry, uuid(777), { purpose: 'UPS点検の立会い' });
    l.annotate('stay.correction', entry, uuid(777), { note: '入室時刻は記録どおり' });
    const [stay] = l.project().stays;
    expect(stay).toMatchObject({ id: uuid(777), purpose: 'UPS点検の立会い', exitKind: 'exit', sources: { purpose: 5, annotations: [2, 5, 6] } });
  });

  it('closes a forgiven stay at the time of the forgive record, and a later exit finds no open stay', () => {
    const l = log();
    const entry = l.grant('entry', ALICE);
    const forgive = l.annotate('stay.forgiven', entry, uuid(777), { reason: '共連れ' });
    l.grant('exit', ALICE);
    const { stays, anomalies } = l.project();
    expect(anomalies).toEqual([]);
    expect(stays).toEqual([expect.objectContaining({
      exitKind: 'forgiven', exitedAt: forgive.occurredAt, exitAttemptId: null, exitDoorId: null,
      sources: { entry: 1, forgive: { idx: forgive.idx, occurredAt: forgive.occurredAt, recordedAt: forgive.recordedAt }, annotations: [forgive.idx] },
    })]);
  });

  it('after a forgive, the next exit closes the stay opened after it', () => {
    const l = log();
    const first = l.grant('entry', ALICE);
    l.annotate('stay.forgiven', first, uuid(1), { reason: 'r' });
    const second = l.grant('entry', ALICE);
    const exit = l.grant('exit', ALICE);
    const stays = l.project().stays;
    expect(stays.map((s) => [s.entryAttemptId, s.exitAttemptId, s.exitKind])).toEqual([[first, null, 'forgiven'], [second, exit, 'exit']]);
  });

  describe('out-of-order and odd sequences', () => {
    it('an exit stamped before the entry ends the stay at the entry time (GREATEST)', () => {
      const l = log();
      l.grant('entry', ALICE, { at: 100 });
      l.grant('exit', ALICE, { at: 50 });
      expect(l.project().stays[0]).toMatchObject({ enteredAt: at(100), exitedAt: at(100), exitKind: 'exit' });
    });

    it('an exit closes the open stay with the latest entry time, not the one logged last', () => {
      const l = log();
      const later = l.grant('entry', ALICE, { at: 200 }); // logged first, but entered later (clock)
      const earlier = l.grant('entry', ALICE, { at: 100 });
      l.grant('exit', ALICE, { at: 300 });
      const stays = l.project().stays;
      expect(stays.find((s) => s.entryAttemptId === later)?.exitKind).toBe('exit');
      expect(stays.find((s) => s.entryAttemptId === earlier)?.exitedAt).toBeNull();
    });

    it('among open stays with equal entry times, the one opened last is closed', () => {
      const l = log();
      const a = l.grant('entry', ALICE, { at: 100 });
      const b = l.grant('entry', ALICE, { at: 100 });
      l.grant('exit', ALICE, { at: 300 });
      const stays = l.project().stays;
      expect(stays.map((s) => [s.entryAttemptId, s.exitKind])).toEqual([[a, null], [b, 'exit']]);
    });

    it('an exit before any entry changes nothing, and the entry after it stays open', () => {
      const l = log();
      l.grant('exit', ALICE);
      l.grant('entry', ALICE);
      expect(l.project()).toMatchObject({ stays: [{ exitedAt: null }], anomalies: [] });
    });

    it('a replayed entry or exit attempt is applied once', () => {
      const l = log();
      const entry = l.grant('entry', ALICE, { at: 10 });
      l.grant('entry', ALICE, { attempt: entry, at: 20 });
      const exit = l.grant('exit', ALICE, { at: 30 });
      l.grant('entry', ALICE, { at: 40 });
      l.grant('exit', ALICE, { attempt: exit, at: 50 });
      const { stays, anomalies } = l.project();
      expect(stays.map((s) => [s.enteredAt, s.exitedAt])).toEqual([[at(10), at(30)], [at(40), null]]);
      expect(anomalies.map((a) => a.code)).toEqual(['duplicate-entry', 'duplicate-exit']);
    });

    it('an annotation before its stay, a forgive of a closed stay and conflicting row ids are anomalies', () => {
      const l = log();
      const entry = uuid(4242);
      l.annotate('stay.purpose', entry, uuid(1), { purpose: 'too early' });
      l.grant('entry', ALICE, { attempt: entry });
      l.grant('exit', ALICE);
      l.annotate('stay.forgiven', entry, uuid(1), { reason: 'late' });
      l.annotate('stay.purpose', entry, uuid(2), { purpose: 'p' });
      const { stays, anomalies } = l.project();
      expect(anomalies.map((a) => [a.idx, a.code])).toEqual([[0, 'annotation-unknown-stay'], [5, 'forgive-closed-stay'], [6, 'stay-id-conflict']]);
      expect(stays[0]).toMatchObject({ id: uuid(1), exitKind: 'exit', purpose: 'p' });
    });
  });

  it('the incremental projector equals the batch one, and affectsStays picks exactly the records it uses', () => {
    const l = log();
    const entry = l.grant('entry', ALICE);
    l.annotate('stay.purpose', entry, uuid(7), { purpose: 'x' });
    l.add({ kind: 'annotation', type: 'ledger.day-reviewed', areaId: 'area-a', body: { date: '2026-11-25' } });
    l.grant('exit', ALICE);
    const projector = new StayProjector();
    l.records.filter(affectsStays).forEach((r) => projector.push(r));
    expect(projector.stays()).toEqual(l.project().stays);
    expect(l.records.filter(affectsStays).map((r) => r.type)).toEqual(['decision.online', 'stay.purpose', 'decision.online']);
    expect(affectsStays({ kind: 'decision', type: 'toString', outcome: 'grant' })).toBe(false);
  });
});
