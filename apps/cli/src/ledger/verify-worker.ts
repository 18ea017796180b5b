import { affectsStays, digestSegment, type LedgerRecord, type LogEntry, type SegmentDigest } from '#domain';
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { ndjsonBatchesSync } from './ndjson-reader.js';
import { isPruneDeclaration } from './pruned-prefix.js';
import { parseRecordLine } from './record-line.js';

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
  /** The records that can change a stay, for the ledger rebuild on the main thread. */
  readonly stayRecords?: LedgerRecord[];
  /** log.pruned records, and the file's leaf-only lines: how many it starts with, and the first one after a whole record. */
  readonly declarations?: LedgerRecord[];
  readonly leadingPruned?: number;
  readonly strayPruned?: number;
  readonly error?: string;
}

/** Reads, parses and digests one file (one segment, 2^16 records by default), streaming it in 1 MiB reads. */
export function digestFile(job: SegmentJob): SegmentResult {
  const hash = createHash('sha256');
  const stayRecords: LedgerRecord[] = [];
  const declarations: LedgerRecord[] = [];
  let leadingPruned = 0;
  let strayPruned: number | undefined;
  let lineError: SegmentResult['lineError'];
  let lines = 0;
  let complete = false;
  function* entries(): Generator<LogEntry> {
    for (const batch of ndjsonBatchesSync(job.path, hash)) {
      for (const line of batch) {
        const parsed = parseRecordLine(line);
        lines++;
        if ('error' in parsed) {
          lineError = { line: lines, message: parsed.error };
          yield null as unknown as LogEntry; // the verifier reports a malformed record at this exact index
          return;
        }
        if (!parsed.record) {
          if (leadingPruned === lines - 1) leadingPruned++;
          else strayPruned ??= parsed.idx;
        } else if (affectsStays(parsed.record)) stayRecords.push(parsed.record);
        else if (isPruneDeclaration(parsed.record)) declarations.push(parsed.record);
        yield parsed;
      }
    }
    complete = true;
  }
  const digest = digestSegment(entries(), { start: job.start, snapshotSizes: job.snapshotSizes, logId: job.logId });
  // A digest that stopped early read only part of the file; its hash is then not the file's (and not reported).
  return { id: job.id, digest, sha256: complete ? hash.digest('hex') : undefined, lines, lineError, stayRecords, declarations, leadingPruned, strayPruned };
}

parentPort?.on('message', (job: SegmentJob) => {
  try {
    parentPort!.postMessage(digestFile(job));
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message } satisfies SegmentResult);
  }
});
