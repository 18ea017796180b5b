import { digestSegment, type LedgerRecord, type LogEntry, type SegmentDigest, type StayInput } from '#domain';
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { ndjsonLineBatchesSync } from './ndjson-reader.js';
import { RecordLines } from './record-lines.js';
import { packStays } from './stay-transfer.js';

/** One records file, hashed on a worker thread (the leaf half of verification; see LogVerifier.pushSegment). */
export interface SegmentJob {
  readonly id: number;
  readonly path: string;
  readonly start: number;
  readonly snapshotSizes: readonly number[];
  readonly logId: string;
}

export interface SegmentResult {
  readonly id: number;
  readonly digest?: SegmentDigest;
  readonly sha256?: string;
  readonly lines?: number;
  /** The first line that is not a record, by its index in the file (1-based). */
  readonly lineError?: { readonly line: number; readonly message: string };
  /** The records that can change a stay, packed (stay-transfer.ts), for the ledger rebuild on the main thread. */
  readonly stays?: (string | number | null)[];
  /** log.pruned records, and the file's leaf-only lines: how many it starts with, and the first one after a whole record. */
  readonly declarations?: LedgerRecord[];
  readonly leadingPruned?: number;
  readonly strayPruned?: number;
  readonly error?: string;
}

/** Reads, parses and digests one file (one segment, 2^16 records by default), streaming it in 1 MiB reads. */
export function digestFile(job: SegmentJob): SegmentResult {
  const hash = createHash('sha256');
  const lines = new RecordLines(job.logId);
  const stays: StayInput[] = [];
  const declarations: LedgerRecord[] = [];
  let leadingPruned = 0;
  let strayPruned: number | undefined;
  let lineError: SegmentResult['lineError'];
  let count = 0;
  let complete = false;
  function* entries(): Generator<LogEntry> {
    for (const batch of ndjsonLineBatchesSync(job.path, hash)) {
      for (let i = 0; i < batch.length; i++) {
        const line = lines.read(batch.buf, batch.starts[i]!, batch.ends[i]!);
        count++;
        if ('error' in line) {
          lineError = { line: count, message: line.error };
          yield null as unknown as LogEntry; // the verifier reports a malformed record at this exact index
          return;
        }
        if (line.pruned) {
          if (leadingPruned === count - 1) leadingPruned++;
          else strayPruned ??= line.idx;
        } else if (line.stay) stays.push(line.stay);
        else if (line.declaration) declarations.push(line.declaration);
        yield line.entry;
      }
    }
    complete = true;
  }
  const digest = digestSegment(entries(), { start: job.start, snapshotSizes: job.snapshotSizes, logId: job.logId });
  // A digest that stopped early read only part of the file; its hash is then not the file's (and not reported).
  return { id: job.id, digest, sha256: complete ? hash.digest('hex') : undefined, lines: count, lineError, stays: packStays(stays), declarations, leadingPruned, strayPruned };
}

parentPort?.on('message', (job: SegmentJob) => {
  try {
    parentPort!.postMessage(digestFile(job));
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message } satisfies SegmentResult);
  }
});
