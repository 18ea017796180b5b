import type { LedgerRecord, SegmentDigest } from '#domain';
import { parentPort } from 'node:worker_threads';
import { digestFrameFile } from './frame-segment.js';

/** One records file, hashed on a worker thread (the leaf half of verification; see LogVerifier.pushSegment). */
export interface SegmentJob {
  readonly id: number;
  readonly path: string;
  readonly start: number;
  readonly snapshotSizes: readonly number[];
  readonly logId: string;
  /** The stored leaf hashes (nodes/level-00.bin), if the export has them. */
  readonly storedLeaves?: string;
  /** Indexes a records file covers (the manifest's recordsPerFile). */
  readonly capacity: number;
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

parentPort?.on('message', (job: SegmentJob) => {
  try {
    parentPort!.postMessage(digestFrameFile(job));
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message } satisfies SegmentResult);
  }
});
