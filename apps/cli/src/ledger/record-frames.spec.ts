import { digestSegment, encodeRecord, leafHash, recordLeafHash, type LedgerRecord } from '#domain';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestFrameFile } from './frame-segment.js';
import { prunedFrame, readFrames, recordFrame } from './record-frames.js';

const uuid = (n: number) => `0190f5c2-7a4b-7cde-8f01-${String(n).padStart(12, '0')}`;
const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 0, 0, s));
/** A small log: attempts, entry/exit grants, a purpose annotation and a log.pruned declaration. */
function records(n: number, logId = 'main'): LedgerRecord[] {
  return Array.from({ length: n }, (_, idx): LedgerRecord => {
    const base = { logId, idx, id: uuid(idx), occurredAt: at(idx), recordedAt: at(idx), source: 'api', attemptId: uuid(1000 + (idx >> 1)), personId: uuid(7), areaId: 'area-a', doorId: 'door-a1' };
    if (idx % 5 === 4) return { ...base, kind: 'annotation', type: 'stay.purpose', body: { stayId: uuid(9), purpose: 'UPS点検' } };
    if (idx % 7 === 6) return { ...base, kind: 'admin', type: 'log.pruned', body: { upToIdx: 0 } };
    if (idx % 2) return { ...base, kind: 'decision', type: 'decision.online', outcome: 'grant', reason: 'GRANTED', body: { direction: idx % 4 === 1 ? 'entry' : 'exit' } };
    return { ...base, kind: 'attempt', type: 'attempt.entry', body: { factors: { pin: 'ok' } } };
  });
}
const file = (rs: LedgerRecord[], pruned = 0) =>
  Buffer.concat(rs.map((r) => (r.idx < pruned ? prunedFrame(r.idx, recordLeafHash(r)) : recordFrame(encodeRecord(r)))));

describe('records files of frames', () => {
  it('reads back each record as its leaf, index and log, with what the ledger rebuild needs', () => {
    const rs = records(12);
    const frames = [...readFrames(file(rs, 2), 'main')];
    expect(frames).toHaveLength(12);
    frames.forEach((f, i) => {
      if ('error' in f) throw new Error(f.error);
      expect(f.idx).toBe(i);
      expect(Buffer.from(f.leaf, 'latin1').equals(recordLeafHash(rs[i]!))).toBe(true);
      expect(f.pruned).toBe(i < 2);
    });
    const stays = frames.flatMap((f) => ('stay' in f && f.stay ? [f.stay.idx] : []));
    expect(stays).toEqual([3, 4, 5, 7, 9, 11]); // grants and purposes; index 1 is pruned
    const declarations = frames.flatMap((f) => ('declaration' in f && f.declaration ? [f.declaration] : []));
    expect(declarations).toEqual([expect.objectContaining({ idx: 6, type: 'log.pruned', body: { upToIdx: 0 } })]);
  });

  it('names another log, and leaves the bytes of the buffer as they were', () => {
    const buf = file(records(3, 'other'));
    const copy = Buffer.from(buf);
    expect([...readFrames(buf, 'main')].map((f) => ('logId' in f ? f.logId : 'error'))).toEqual(['other', 'other', 'other']);
    expect(buf.equals(copy)).toBe(true);
  });

  it.each([
    ['a file cut inside a length', (b: Buffer) => b.subarray(0, b.length - 300).subarray(0, 2), /ends inside a frame length/],
    ['a file cut inside a frame', (b: Buffer) => b.subarray(0, b.length - 1), /runs past the end of the file/],
    ['a record that is not canonical', (b: Buffer) => Buffer.concat([b, recordFrame(Buffer.from([1, 0, 0]))]), /not a canonical record: truncated/],
    ['a pruned frame of the wrong size', (b: Buffer) => Buffer.concat([b, Buffer.from([0, 0, 0, 2, 0, 0])]), /pruned record's frame holds 2 bytes/],
  ])('stops at %s, with the reason', (_, cut, why) => {
    const frames = [...readFrames(cut(file(records(3))), 'main')];
    const last = frames.at(-1)!;
    expect('error' in last && last.error).toMatch(why);
  });
});

describe(digestFrameFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'acs-frames-'));
  const write = (name: string, data: Buffer) => (writeFileSync(join(dir, name), data), join(dir, name));
  const rs = records(40).map((r) => ({ ...r, idx: r.idx + 64 })); // the second file of 64-record files
  const stored = write('level-00.bin', Buffer.concat([Buffer.alloc(64 * 32), ...rs.map(recordLeafHash)]));
  const job = (path: string) => ({ id: 1, path, start: 64, snapshotSizes: [10, 70, 100, 104], logId: 'main', storedLeaves: stored, capacity: 64 });

  it('digests a file as digestSegment does record by record, with snapshots at the checkpoint sizes inside it', () => {
    const r = digestFrameFile(job(write('ok.bin', file(rs))));
    const reference = digestSegment(rs.map((record) => ({ record })), { start: 64, snapshotSizes: [10, 70, 100, 104] });
    expect(r.digest!.problem).toBeUndefined();
    expect(r.digest).toEqual({ ...reference, problem: undefined });
    expect(r.digest!.snapshots.map((s) => s.size)).toEqual([70, 100, 104]);
    expect(r.lines).toBe(40);
    expect(r.stays!.length).toBeGreaterThan(0);
  });

  it('hands over to the sequential verifier when a stored leaf differs', () => {
    const leaves = [Buffer.alloc(64 * 32), ...rs.map(recordLeafHash)];
    leaves[1 + 5] = leafHash(Buffer.from('x'));
    const changed = { ...job(write('ok2.bin', file(rs))), storedLeaves: write('changed-leaves.bin', Buffer.concat(leaves)) };
    expect(digestFrameFile(changed).digest!.problem).toMatchObject({ problem: 'malformed-record', message: expect.stringMatching(/differs from its stored hash/) });
  });

  it('hands over to the sequential verifier when a record is missing', () => {
    const frames = rs.filter((_, i) => i !== 3).map((r) => recordFrame(encodeRecord(r)));
    const r = digestFrameFile(job(write('gap.bin', Buffer.concat(frames))));
    expect(r.digest!.problem).toMatchObject({ problem: 'malformed-record', firstBadIndex: 67, message: 'expected record 67, found 68' });
  });
});
