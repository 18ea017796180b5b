import { LogVerifier, StayProjector, type LedgerRecord, type LogEntry, type StayInput, type NodeSource, type VerifyLogOptions, type VerifyLogReport } from '#domain';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFile } from './export-layout.js';
import { PrunedPrefix } from './pruned-prefix.js';
import { readFrames } from './record-frames.js';
import { readStoredLeaves, storedLeafAt } from './stored-leaves.js';
import { unpackStays } from './stay-transfer.js';
import type { SegmentResult } from './verify-worker.js';
import { WorkerPool } from './worker-pool.js';

/** One record of a records file, as the sequential verifier uses it. */
type RecordLine =
  | {
      readonly idx: number;
      readonly entry: LogEntry;
      /** A record pruned by retention: its leaf hash only. */
      readonly pruned: boolean;
      readonly stay?: StayInput;
      readonly declaration?: LedgerRecord;
    }
  | { readonly error: string };

export interface RecordsInput {
  readonly root: string;
  /** The records files of the manifest, in index order. */
  readonly files: readonly ManifestFile[];
  readonly options: Omit<VerifyLogOptions, 'evidence' | 'onProgress'>;
  readonly evidence: NodeSource;
  readonly onProgress: (processed: number) => void;
  /** The stored leaf hashes (nodes/level-00.bin), if the export has them. */
  readonly storedLeaves?: string;
  readonly recordsPerFile: number;
}

export interface RecordsOutcome {
  readonly report: VerifyLogReport;
  readonly projector: StayProjector;
  /** Which leading records are pruned, and the log.pruned records that say so. */
  readonly retention: PrunedPrefix;
  /** Every record was read (so the ledger rebuilt from them is complete). */
  readonly complete: boolean;
  /** SHA-256 of each records file read to its end. */
  readonly fileHashes: Map<string, string>;
  /** Why a line was not a record, by the index it stood at. */
  readonly lineErrors: Map<number, string>;
  readonly mode: 'sequential' | 'parallel';
  readonly workers: number;
  /** Why a parallel run handed over to the sequential verifier. */
  readonly fallback?: string;
}

/** One thread: every entry through LogVerifier, with the stored nodes as evidence to bisect a root mismatch. */
export async function verifyRecordsSequential(input: RecordsInput): Promise<RecordsOutcome> {
  const verifier = new LogVerifier({ ...input.options, evidence: input.evidence, onProgress: input.onProgress, progressInterval: 8192 });
  const projector = new StayProjector();
  const retention = new PrunedPrefix();
  const fileHashes = new Map<string, string>();
  const lineErrors = new Map<number, string>();
  let index = 0;
  let stopped = false;
  for (const file of input.files) {
    const full = join(input.root, file.path);
    if (!existsSync(full)) continue; // its records are simply missing: the verifier says from which index
    const source = frameFileLines(full, input.options.logId ?? 'main', file.first ?? 0, input.recordsPerFile, input.storedLeaves);
    let next = source.next();
    for (; !next.done; next = source.next()) {
      const line = next.value;
      if ('error' in line) {
        lineErrors.set(index, `${file.path}: ${line.error}`);
        verifier.push(null as unknown as LogEntry); // a malformed record at this exact index
        stopped = true;
        break;
      }
      if (!verifier.push(line.entry)) {
        stopped = true;
        break;
      }
      retention.push(index, line.pruned);
      if (line.stay) projector.push(line.stay);
      if (line.declaration) retention.declare(line.declaration);
      index++;
    }
    if (stopped) break;
    fileHashes.set(file.path, next.value as string); // read to its end: the generator returned the hash
  }
  return { report: verifier.finish(), projector, retention, complete: !stopped, fileHashes, lineErrors, mode: 'sequential', workers: 0 };
}

/**
 * Worker threads hash whole files (digestFrameFile) while this thread checks each digest against the
 * checkpoints in order. Any record-level problem, or a file that is not one aligned segment, hands over to the
 * sequential verifier: it alone gives a leaf mismatch's verdict and bisects a root mismatch.
 */
export async function verifyRecordsParallel(input: RecordsInput, workers: number): Promise<RecordsOutcome> {
  const verifier = new LogVerifier({ ...input.options, onProgress: input.onProgress });
  const projector = new StayProjector();
  const retention = new PrunedPrefix();
  const fileHashes = new Map<string, string>();
  const pool = new WorkerPool(workers);
  const snapshotSizes = verifier.checkpointSizes;
  const pending: Promise<SegmentResult>[] = [];
  const schedule = (i: number) => {
    const f = input.files[i];
    if (f && !pending[i]) {
      pending[i] = pool.run({
        id: i, path: join(input.root, f.path), start: f.first ?? -1, snapshotSizes, logId: input.options.logId ?? 'main',
        storedLeaves: input.storedLeaves, capacity: input.recordsPerFile,
      });
    }
  };
  let fallback: string | undefined;
  try {
    for (let i = 0; i < input.files.length && !fallback; i++) {
      for (let ahead = i; ahead < i + 2 * workers; ahead++) schedule(ahead); // a bounded window of files in flight
      const r = await pending[i]!;
      delete pending[i];
      fallback = check(r, input.files[i]!, input.files[i + 1]);
      if (fallback) break;
      try {
        if (!verifier.pushSegment(r.digest!)) fallback = `${input.files[i]!.path} does not match a checkpoint`;
      } catch (err) {
        fallback = `${input.files[i]!.path}: ${(err as Error).message}`;
      }
      for (const stay of unpackStays(r.stays ?? [])) projector.push(stay);
      for (const record of r.declarations ?? []) retention.declare(record);
      retention.file(input.files[i]!.first ?? 0, r.lines ?? 0, r.leadingPruned ?? 0, r.strayPruned);
      fileHashes.set(input.files[i]!.path, r.sha256!);
    }
  } finally {
    await pool.close();
  }
  if (fallback) return { ...(await verifyRecordsSequential(input)), fallback };
  return { report: verifier.finish(), projector, retention, complete: true, fileHashes, lineErrors: new Map(), mode: 'parallel', workers };
}

/** Why a file's digest cannot simply be taken, if it cannot. */
function check(r: SegmentResult, file: ManifestFile, next: ManifestFile | undefined): string | undefined {
  if (r.error) return `${file.path}: ${r.error}`;
  if (r.lineError || r.digest?.problem || !r.sha256) return `${file.path}: ${r.digest?.problem?.message ?? r.lineError?.message ?? 'not read to its end'}`;
  // A file that ends early (a record missing at its end) would leave a gap before the next file.
  if (next && next.first !== (file.first ?? 0) + r.digest!.count) return `${file.path} ends at ${(file.first ?? 0) + r.digest!.count}, the next file starts at ${next.first}`;
  return undefined;
}

/** The frames of a records file as lines, each record with its stored leaf hash, then the file's SHA-256. */
function* frameFileLines(path: string, logId: string, first: number, capacity: number, storedLeavesPath: string | undefined): Generator<RecordLine, string> {
  const data = readFileSync(path);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const stored = readStoredLeaves(storedLeavesPath, first, capacity);
  for (const frame of readFrames(data, logId)) {
    if ('error' in frame) {
      yield frame;
      continue;
    }
    const leafHash = Buffer.from(frame.leaf, 'latin1');
    if (frame.pruned) yield { idx: frame.idx, entry: { idx: frame.idx, leafHash }, pruned: true };
    else {
      const entry = { idx: frame.idx, leafHash: storedLeafAt(stored, frame.idx - first) ?? leafHash, encoded: { logId: frame.logId!, leaf: frame.leaf } };
      yield { idx: frame.idx, entry, pruned: false, stay: frame.stay, declaration: frame.declaration };
    }
  }
  return sha256;
}
