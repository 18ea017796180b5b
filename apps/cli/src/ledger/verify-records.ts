import { LogVerifier, StayProjector, type LogEntry, type NodeSource, type VerifyLogOptions, type VerifyLogReport } from '#domain';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFile } from './export-layout.js';
import { NdjsonReader } from './ndjson-reader.js';
import { PrunedPrefix } from './pruned-prefix.js';
import { RecordLines } from './record-lines.js';
import { unpackStays } from './stay-transfer.js';
import type { SegmentResult } from './verify-worker.js';
import { WorkerPool } from './worker-pool.js';

export interface RecordsInput {
  readonly root: string;
  /** The records files of the manifest, in index order. */
  readonly files: readonly ManifestFile[];
  readonly options: Omit<VerifyLogOptions, 'evidence' | 'onProgress'>;
  readonly evidence: NodeSource;
  readonly onProgress: (processed: number) => void;
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
  const lines = new RecordLines(input.options.logId ?? 'main');
  let index = 0;
  let stopped = false;
  for (const file of input.files) {
    const full = join(input.root, file.path);
    if (!existsSync(full)) continue; // its records are simply missing: the verifier says from which index
    const reader = new NdjsonReader(full);
    read: for await (const batch of reader.lineBatches()) {
      for (let i = 0; i < batch.length; i++) {
        const line = lines.read(batch.buf, batch.starts[i]!, batch.ends[i]!);
        if ('error' in line) {
          lineErrors.set(index, `${file.path}: ${line.error}`);
          verifier.push(null as unknown as LogEntry); // a malformed record at this exact index
          stopped = true;
          break read;
        }
        if (!verifier.push(line.entry)) {
          stopped = true;
          break read;
        }
        retention.push(index, line.pruned);
        if (line.stay) projector.push(line.stay);
        if (line.declaration) retention.declare(line.declaration);
        index++;
      }
    }
    if (stopped) break;
    fileHashes.set(file.path, reader.sha256());
  }
  return { report: verifier.finish(), projector, retention, complete: !stopped, fileHashes, lineErrors, mode: 'sequential', workers: 0 };
}

/**
 * Worker threads hash whole files (digestSegment) while this thread checks each digest against the
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
      pending[i] = pool.run({ id: i, path: join(input.root, f.path), start: f.first ?? -1, snapshotSizes, logId: input.options.logId ?? 'main' });
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
