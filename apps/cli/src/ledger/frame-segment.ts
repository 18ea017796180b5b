import { SegmentTree, type LedgerRecord, type LogProblem } from '#domain';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFrames } from './record-frames.js';
import { packStay } from './stay-transfer.js';
import { readStoredLeaves } from './stored-leaves.js';
import type { SegmentJob, SegmentResult } from './verify-worker.js';

// One file at a time per thread: its bytes and its tree are read into buffers kept from file to file, since
// allocating ~20 MB per file made the garbage collector a fifth of the work.
let kept: SegmentTree | undefined;
let file = Buffer.alloc(0);

function readWhole(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (file.length < size) file = Buffer.alloc(Math.max(size, 2 * file.length));
    let read = 0;
    while (read < size) {
      const n = readSync(fd, file, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return file.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * One records file of format version 3, digested on a worker thread: its frames hashed into a SegmentTree,
 * the leaves compared with the stored ones (nodes/level-00.bin) in one comparison, and the segment's frontier
 * taken at the checkpoint sizes inside it. Anything unexpected (a frame that is not a record, an index out of
 * place, another log, a stored leaf that differs) becomes the digest's problem, and the main thread hands over
 * to the sequential verifier, which names the index and gives the verdict.
 */
export function digestFrameFile(job: SegmentJob): SegmentResult {
  const data = readWhole(job.path);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const capacity = job.capacity ?? 0;
  if (kept?.capacity !== capacity) kept = new SegmentTree(capacity);
  const tree = kept;
  const stays: (string | number | null)[] = [];
  const declarations: LedgerRecord[] = [];
  let leadingPruned = 0;
  let strayPruned: number | undefined;
  let count = 0;
  let problem: LogProblem | undefined;
  const stop = (message: string): void => {
    problem = { problem: 'malformed-record', firstBadIndex: job.start + count, message };
  };
  for (const frame of readFrames(data, job.logId)) {
    if ('error' in frame) {
      stop(frame.error);
      break;
    }
    if (count === capacity) {
      stop(`the file holds more than ${capacity} records`);
      break;
    }
    if (frame.idx !== job.start + count) {
      stop(`expected record ${job.start + count}, found ${frame.idx}`);
      break;
    }
    if (!frame.pruned && frame.logId !== job.logId) {
      stop(`record ${frame.idx} belongs to log ${JSON.stringify(frame.logId)}`);
      break;
    }
    tree.setLeaf(count, frame.leaf);
    count++;
    if (frame.pruned) {
      if (leadingPruned === count - 1) leadingPruned++;
      else strayPruned ??= frame.idx;
    } else if (frame.stay) packStay(frame.stay, stays);
    else if (frame.declaration) declarations.push(frame.declaration);
  }
  if (!problem && !tree.leaves(count).equals(readStoredLeaves(job.storedLeaves, job.start, count))) stop('a leaf differs from its stored hash');
  if (problem) return { id: job.id, digest: { start: job.start, count, hashes: [], snapshots: [], problem }, sha256, lines: count };
  tree.build(count);
  const snapshots = job.snapshotSizes.filter((s) => s > job.start && s <= job.start + count).map((size) => ({ size, hashes: tree.frontier(size - job.start) }));
  const digest = { start: job.start, count, hashes: tree.frontier(count), snapshots };
  return { id: job.id, digest, sha256, lines: count, stays, declarations, leadingPruned, strayPruned };
}
