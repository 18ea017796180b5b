import { Buffer } from 'node:buffer';
import { type LedgerRecord, recordLeafHash } from './canonical-record.js';
import { signCheckpoint } from './checkpoint.js';
import { generateNoteKey, parseSignerKey, type NoteSigner } from './note-keys.js';
import { TreeFrontier } from './tree-frontier.js';
import { digestSegment } from './segment.js';
import { type LogEntry, LogVerifier, verifyLog, verifyLogAsync } from './verify-log.js';

const ORIGIN = 'acs.example.jp/access-log/main';
const signer = (name = ORIGIN): NoteSigner => {
  const r = parseSignerKey(generateNoteKey(name).signerKey);
  if (!r.ok) throw new Error(r.error.message);
  return r.key;
};
const logKey = signer();
const verifiers = [logKey.verifier];

const uuid = (i: number): string => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const makeRecord = (idx: number): LedgerRecord => ({
  logId: 'main',
  idx,
  id: uuid(idx),
  kind: idx % 3 === 0 ? 'door' : 'decision',
  type: 'access.decided',
  occurredAt: new Date(1_790_000_000_000 + idx * 1000),
  recordedAt: new Date(1_790_000_000_000 + idx * 1000 + 5),
  source: 'bridge-1',
  sourceSeq: idx,
  personId: uuid(idx % 17),
  doorId: 'door-1',
  outcome: idx % 5 === 0 ? 'deny' : 'grant',
  reason: idx % 5 === 0 ? 'pin-invalid' : 'granted',
  body: { score: idx % 250, note: '入室' },
});

/** An honest log of n records: entries with stored leaf hashes, signed checkpoints, stored interior nodes. */
function honestLog(n: number, checkpointSizes: number[]) {
  const records = Array.from({ length: n }, (_, i) => makeRecord(i));
  const leaves = records.map(recordLeafHash);
  const nodes = new Map<string, Buffer>();
  const frontier = TreeFrontier.empty();
  const roots = new Map<number, Buffer>([[0, frontier.root()]]);
  leaves.forEach((leaf, i) => {
    nodes.set(`0/${i}`, leaf);
    frontier.append(leaf, (level, index, hash) => nodes.set(`${level}/${index}`, hash));
    roots.set(i + 1, frontier.root());
  });
  const checkpoints = checkpointSizes.map((size) => signCheckpoint({ origin: ORIGIN, size, rootHash: roots.get(size)! }, [logKey]));
  const entries: LogEntry[] = records.map((record, i) => ({ record, leafHash: leaves[i] }));
  return { records, leaves, entries, checkpoints, evidence: (level: number, index: number) => nodes.get(`${level}/${index}`), roots };
}

const opts = (checkpoints: readonly string[], more: object = {}) => ({ checkpoints, verifiers, origin: ORIGIN, logId: 'main', ...more });

describe(verifyLog.name, () => {
  const log = honestLog(1000, [500, 100, 1000]); // given out of order on purpose

  it('accepts an honest export and reports progress', () => {
    const progress: number[] = [];
    const report = verifyLog(log.entries, opts(log.checkpoints, { onProgress: (n: number) => progress.push(n), progressInterval: 250 }));
    expect(report).toMatchObject({ ok: true, entriesProcessed: 1000, treeSize: 1000, checkpointsVerified: 3, unsignedTail: 0, problems: [] });
    expect(report.latestCheckpoint?.size).toBe(1000);
    expect(report.rootHash.equals(log.roots.get(1000)!)).toBe(true);
    expect(progress).toEqual([250, 500, 750, 1000, 1000]);
  });

  it('reports records after the latest checkpoint as an unsigned tail, not a failure', () => {
    const report = verifyLog(log.entries, opts(log.checkpoints.slice(0, 2)));
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 2, unsignedTail: 500 });
  });

  it('verifies without stored leaf hashes, and with pruned records that kept only their leaf hash', () => {
    const pruned: LogEntry[] = log.entries.map((_, i) => (i < 300 ? { idx: i, leafHash: log.leaves[i]! } : { record: log.records[i]! }));
    expect(verifyLog(pruned, opts(log.checkpoints)).ok).toBe(true);
  });

  it('takes records its reader encoded and hashed, and checks them as records: log, leaf, tree', () => {
    const encoded = (i: number, logId = 'main', leaf = log.leaves[i]!): LogEntry => ({ idx: i, leafHash: log.leaves[i]!, encoded: { logId, leaf: leaf.toString('latin1') } });
    expect(verifyLog(log.entries.map((e, i) => (i % 2 ? encoded(i) : e)), opts(log.checkpoints)).ok).toBe(true);
    const otherLog = log.entries.map((e, i) => (i === 42 ? encoded(i, 'other') : e));
    expect(verifyLog(otherLog, opts(log.checkpoints)).problems).toEqual([expect.objectContaining({ problem: 'wrong-log', firstBadIndex: 42 })]);
    const altered = log.entries.map((e, i) => (i === 321 ? encoded(i, 'main', log.leaves[322]) : e));
    expect(verifyLog(altered, opts(log.checkpoints)).problems).toEqual([
      expect.objectContaining({ problem: 'leaf-mismatch', firstBadIndex: 321, verdict: 'record-altered', checkpointSize: 500 }),
    ]);
  });

  it('catches a modified record at its exact index, and says the record changed', () => {
    const entries = [...log.entries];
    entries[321] = { ...entries[321]!, record: { ...log.records[321]!, outcome: 'grant', body: { score: 999, note: '入室' } } };
    const report = verifyLog(entries, opts(log.checkpoints));
    expect(report.ok).toBe(false);
    expect(report.firstBadIndex).toBe(321);
    expect(report.problems).toEqual([
      expect.objectContaining({ problem: 'leaf-mismatch', firstBadIndex: 321, recordId: uuid(321), verdict: 'record-altered', checkpointSize: 500 }),
    ]);
    expect(report.checkpointsVerified).toBe(1);
  });

  it('tells an altered stored leaf hash from an altered record', () => {
    const entries = [...log.entries];
    entries[321] = { record: log.records[321]!, leafHash: Buffer.alloc(32, 7) };
    const report = verifyLog(entries, opts(log.checkpoints));
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'leaf-mismatch', firstBadIndex: 321, verdict: 'stored-hash-altered' })]);
  });

  it('catches a modified record whose stored hash was recomputed too: exactly with stored nodes, else as a range', () => {
    const entries = [...log.entries];
    const forged = { ...log.records[321]!, reason: 'granted-by-admin' };
    entries[321] = { record: forged, leafHash: recordLeafHash(forged) };
    const plain = verifyLog(entries, opts(log.checkpoints));
    expect(plain.problems).toEqual([
      expect.objectContaining({ problem: 'root-mismatch', checkpointSize: 500, suspectRange: { from: 100, to: 500 } }),
    ]);
    expect(plain.firstBadIndex).toBeUndefined();
    const withNodes = verifyLog(entries, opts(log.checkpoints, { evidence: log.evidence }));
    expect(withNodes.problems).toEqual([expect.objectContaining({ problem: 'root-mismatch', checkpointSize: 500, firstBadIndex: 321 })]);
    expect(withNodes.firstBadIndex).toBe(321);
  });

  it('ignores stored nodes that do not hash up to the signed root', () => {
    const entries = [...log.entries];
    const forged = { ...log.records[321]!, reason: 'x' };
    entries[321] = { record: forged, leafHash: recordLeafHash(forged) };
    const lying = (level: number, index: number) => (level === 0 && index === 321 ? recordLeafHash(forged) : log.evidence(level, index));
    const lyingAll = () => Buffer.alloc(32, 1);
    // The forged leaf claim breaks the chain just above it: the answer narrows to that pair, not to one index.
    expect(verifyLog(entries, opts(log.checkpoints, { evidence: lying })).problems[0]).toMatchObject({ suspectRange: { from: 320, to: 322 } });
    expect(verifyLog(entries, opts(log.checkpoints, { evidence: lyingAll })).problems[0]).toMatchObject({ suspectRange: { from: 100, to: 500 } });
  });

  it('catches a deleted record at its exact index', () => {
    const entries = log.entries.filter((_, i) => i !== 321);
    const report = verifyLog(entries, opts(log.checkpoints));
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'missing-record', firstBadIndex: 321, foundIdx: 322 })]);
  });

  it('catches a deleted record even when later records were renumbered and rehashed', () => {
    const shifted = log.records.filter((_, i) => i !== 321).map((r, i) => ({ ...r, idx: i }));
    const entries = shifted.map((record) => ({ record, leafHash: recordLeafHash(record) }));
    expect(verifyLog(entries, opts(log.checkpoints, { evidence: log.evidence })).firstBadIndex).toBe(321);
    expect(verifyLog(entries, opts(log.checkpoints)).problems[0]).toMatchObject({ problem: 'root-mismatch', suspectRange: { from: 100, to: 500 } });
  });

  it('catches records deleted from the end before a checkpoint', () => {
    const report = verifyLog(log.entries.slice(0, 900), opts(log.checkpoints));
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'missing-records', firstBadIndex: 900, checkpointSize: 1000 })]);
  });

  it('catches an export shorter than its claimed size', () => {
    const report = verifyLog(log.entries.slice(0, 990), opts(log.checkpoints.slice(0, 2), { expectedSize: 1000 }));
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'missing-records', firstBadIndex: 990 })]);
  });

  it('rejects a forged checkpoint signed by another key, even one using the log’s name', () => {
    const forged = signCheckpoint({ origin: ORIGIN, size: 1000, rootHash: Buffer.alloc(32) }, [signer(ORIGIN)]);
    const report = verifyLog(log.entries, opts([...log.checkpoints, forged]));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'bad-checkpoint', checkpoint: 3, code: 'no-verified-signature' })]);
    expect(report.checkpointsVerified).toBe(3);
  });

  it('rejects a checkpoint whose root was edited after signing', () => {
    const edited = log.checkpoints[0]!.replace(/\n([A-Za-z0-9+/]{43}=)\n/, `\n${Buffer.alloc(32, 9).toString('base64')}\n`);
    const report = verifyLog(log.entries, opts([edited]));
    expect(report.problems[0]).toMatchObject({ problem: 'bad-checkpoint', code: 'invalid-signature' });
  });

  it('reports two validly signed checkpoints of one size with different roots as a fork', () => {
    const fork = signCheckpoint({ origin: ORIGIN, size: 500, rootHash: Buffer.alloc(32, 3) }, [logKey]);
    const report = verifyLog(log.entries, opts([...log.checkpoints, fork]));
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'forked-checkpoints', checkpointSize: 500, checkpoints: [0, 3] })]);
  });

  it('rejects checkpoints for another origin', () => {
    const foreign = signCheckpoint({ origin: 'elsewhere/log', size: 100, rootHash: log.roots.get(100)! }, [logKey]);
    expect(verifyLog(log.entries, opts([foreign, ...log.checkpoints])).problems[0]).toMatchObject({ problem: 'bad-checkpoint', code: 'origin-mismatch' });
  });

  it.each<[string, (entries: LogEntry[]) => LogEntry[], object]>([
    ['a record of another log', (e) => e.map((x, i) => (i === 40 ? { record: { ...x.record!, logId: 'other' } } : x)), { problem: 'wrong-log', firstBadIndex: 40 }],
    ['a record without a canonical form', (e) => e.map((x, i) => (i === 41 ? { record: { ...x.record!, id: 'nope' } } : x)), { problem: 'malformed-record', firstBadIndex: 41 }],
    ['a duplicated record', (e) => [...e.slice(0, 43), e[42]!, ...e.slice(43)], { problem: 'unexpected-index', firstBadIndex: 43, foundIdx: 42 }],
    ['a short stored leaf hash', (e) => e.map((x, i) => (i === 44 ? { ...x, leafHash: Buffer.alloc(3) } : x)), { problem: 'malformed-record', firstBadIndex: 44 }],
    ['junk instead of an entry', (e) => e.map((x, i) => (i === 45 ? (null as unknown as LogEntry) : x)), { problem: 'malformed-record', firstBadIndex: 45 }],
    ['a string idx', (e) => e.map((x, i) => (i === 46 ? { record: { ...x.record!, idx: '46' as unknown as number } } : x)), { problem: 'unexpected-index', firstBadIndex: 46 }],
  ])('stops at %s', (_name, mutate, problem) => {
    const report = verifyLog(mutate(log.entries), opts(log.checkpoints));
    expect(report.problems).toEqual([expect.objectContaining(problem)]);
  });

  it('fails when no trusted checkpoint covers the records', () => {
    expect(verifyLog(log.entries, opts([])).problems).toEqual([expect.objectContaining({ problem: 'no-checkpoint' })]);
  });

  it('accepts an empty log with an empty checkpoint', () => {
    const empty = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: log.roots.get(0)! }, [logKey]);
    expect(verifyLog([], opts([empty]))).toMatchObject({ ok: true, checkpointsVerified: 1, treeSize: 0 });
  });

  it('gives the same answer from an async stream of batches, and from push()', async () => {
    async function* batches() {
      for (let i = 0; i < log.entries.length; i += 64) yield log.entries.slice(i, i + 64);
    }
    const fromAsync = await verifyLogAsync(batches(), opts(log.checkpoints));
    expect(fromAsync).toMatchObject({ ok: true, checkpointsVerified: 3 });
    const verifier = new LogVerifier(opts(log.checkpoints));
    log.entries.forEach((e) => verifier.push(e));
    expect(verifier.finish().rootHash.equals(fromAsync.rootHash)).toBe(true);
  });
});

describe(digestSegment.name, () => {
  const log = honestLog(1000, [64, 100, 256, 500, 1000]);

  function viaSegments(entries: readonly LogEntry[], length: number, options = opts(log.checkpoints)) {
    const verifier = new LogVerifier(options);
    for (let start = 0; start < entries.length; start += length) {
      const digest = digestSegment(entries.slice(start, start + length), { start, snapshotSizes: verifier.checkpointSizes, logId: 'main' });
      // Digests are plain data: they survive a structured clone (as between worker threads).
      if (!verifier.pushSegment(structuredClone(digest))) break;
    }
    return verifier.finish();
  }

  it.each([1, 64, 128, 1024])('gives the sequential answer for segments of %i entries', (length) => {
    const report = viaSegments(log.entries, length);
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 5, treeSize: 1000 });
    expect(report.rootHash.equals(log.roots.get(1000)!)).toBe(true);
  });

  it('finds a modified record at its exact index inside a segment', () => {
    const entries = [...log.entries];
    entries[321] = { ...entries[321]!, record: { ...log.records[321]!, reason: 'forged' } };
    const report = viaSegments(entries, 128);
    expect(report.problems).toEqual([expect.objectContaining({ problem: 'leaf-mismatch', firstBadIndex: 321, verdict: 'unconfirmed' })]);
  });

  it('finds a deleted record, and a rehashed one as a range between checkpoints', () => {
    expect(viaSegments(log.entries.filter((_, i) => i !== 700), 128).firstBadIndex).toBe(700);
    const entries = [...log.entries];
    const forged = { ...log.records[321]!, reason: 'forged' };
    entries[321] = { record: forged, leafHash: recordLeafHash(forged) };
    expect(viaSegments(entries, 128).problems[0]).toMatchObject({ problem: 'root-mismatch', suspectRange: { from: 256, to: 500 } });
  });

  it('refuses misaligned or out-of-order segments, and digests without the needed snapshots', () => {
    const verifier = new LogVerifier(opts(log.checkpoints));
    const at = (start: number, length: number, snapshotSizes = verifier.checkpointSizes) =>
      digestSegment(log.entries.slice(start, start + length), { start, snapshotSizes });
    expect(() => verifier.pushSegment(at(10, 10))).toThrow(RangeError);
    expect(verifier.pushSegment(at(0, 48))).toBe(true);
    expect(() => verifier.pushSegment(at(48, 32))).toThrow(RangeError); // 32 leaves cannot start at 48
    expect(() => verifier.pushSegment(at(48, 16, []))).toThrow(RangeError); // the checkpoint at 64 needs a snapshot
  });
});
