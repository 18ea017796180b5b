import { LeafStream } from './leaf-stream.js';
import type { LogEntry, SegmentDigest } from './verify-log.types.js';

/**
 * The leaf half of verification for one segment of an export, so a verifier can use every core: digest
 * segments in worker threads, then feed the digests in order to LogVerifier.pushSegment, which checks the
 * checkpoints. `start` must be a multiple of the segment length rounded down to a power of two (use
 * power-of-two segment lengths, e.g. 2^16 records); `snapshotSizes` are the checkpoint sizes
 * (LogVerifier.checkpointSizes) — the digest keeps the partial tree at those inside the segment.
 * A leaf mismatch stops the segment and is reported without a verdict ('unconfirmed').
 */
export function digestSegment(
  entries: Iterable<LogEntry>,
  options: { readonly start: number; readonly snapshotSizes: readonly number[]; readonly logId?: string },
): SegmentDigest {
  const stream = new LeafStream(options.start, options.logId, false);
  const sizes = options.snapshotSizes.filter((s) => s > options.start).sort((a, b) => a - b);
  const snapshots: { size: number; hashes: Uint8Array[] }[] = [];
  let next = 0;
  for (const entry of entries) {
    if (!stream.push(entry)) break;
    if (sizes[next] === stream.next) {
      snapshots.push({ size: stream.next, hashes: stream.frontier.hashes });
      next++;
    }
  }
  return { start: options.start, count: stream.frontier.size, hashes: stream.frontier.hashes, snapshots, problem: stream.problem };
}
