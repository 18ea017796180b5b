import { type Checkpoint, openCheckpoint } from './checkpoint.js';
import { fromBinary, toBinary } from './hash.js';
import { LeafStream, mismatchProblem } from './leaf-stream.js';
import { IntervalLeaves, locateMismatch } from './locate-mismatch.js';
import { TreeFrontier } from './tree-frontier.js';
import { largestPowerOfTwoAtMost } from './tree-math.js';
import type { LeafVerdict, LogEntry, LogProblem, SegmentDigest, VerifyLogOptions, VerifyLogReport } from './verify-log.types.js';

export type * from './verify-log.types.js';

interface Pending {
  readonly size: number;
  readonly roots: readonly string[];
  readonly checkpoint: Checkpoint;
}

/**
 * Streaming verifier of an exported log: push entries in index order, then finish(). It recomputes every
 * leaf, compares it with the stored leaf hash, rebuilds the tree and checks every signed checkpoint's root
 * at its size. All checkpoints are compared with one rebuilt tree, so any two that pass are consistent
 * (each is a prefix of the other). It stops at the first record-level problem, whose index is exact.
 */
export class LogVerifier {
  private readonly interval: IntervalLeaves;
  private readonly stream: LeafStream;
  private readonly pending: Pending[] = [];
  private readonly problems: LogProblem[] = [];
  private readonly progressInterval: number;
  private nextCheckpoint = 0;
  private verified = 0;
  private latest?: Checkpoint;
  private stopped = false;

  constructor(private readonly options: VerifyLogOptions) {
    this.interval = new IntervalLeaves(options.evidence ? (options.maxIntervalLeaves ?? 1 << 20) : 0);
    this.stream = new LeafStream(0, options.logId, true, this.interval);
    this.progressInterval = Math.max(1, options.progressInterval ?? 65_536);
    this.openCheckpoints();
    this.checkReached();
  }

  /** Sizes of the trusted checkpoints, ascending — what segment digests need snapshots at. */
  get checkpointSizes(): number[] {
    return this.pending.map((p) => p.size);
  }

  /** Verifies the next entry. Returns false once verification has stopped at a problem. */
  push(entry: LogEntry): boolean {
    if (this.stopped) return false;
    if (!this.stream.push(entry)) return this.stop(this.stream.problem!);
    const size = this.stream.next;
    if (size % this.progressInterval === 0) this.options.onProgress?.(size);
    if (this.pending[this.nextCheckpoint]?.size === size) this.checkReached();
    return !this.stopped;
  }

  /**
   * Takes a segment verified elsewhere (digestSegment, e.g. in a worker thread) instead of its entries.
   * Segments must arrive in order; each must start at a multiple of the largest power of two ≤ its length.
   */
  pushSegment(segment: SegmentDigest): boolean {
    if (this.stopped) return false;
    const frontier = this.stream.frontier;
    if (segment.start !== frontier.size || this.stream.mismatch) throw new RangeError(`segment starts at ${segment.start}, expected ${frontier.size}`);
    // Validate before changing any state: a rejected segment leaves the verifier as it was.
    const own = TreeFrontier.restore(segment.count, segment.hashes);
    if (segment.count > 0 && segment.start % largestPowerOfTwoAtMost(segment.count) !== 0) {
      throw new RangeError(`a segment of ${segment.count} entries cannot start at ${segment.start}`);
    }
    const end = segment.start + segment.count;
    const missing = this.pending.find((cp) => cp.size > segment.start && cp.size <= end && !segment.snapshots.some((s) => s.size === cp.size));
    if (missing) throw new RangeError(`segment at ${segment.start} lacks a snapshot at checkpoint size ${missing.size}`);
    this.interval.disable(); // the leaves stay with the segment: no bisection in this mode
    for (let cp = this.pending[this.nextCheckpoint]; cp && cp.size <= end; cp = this.pending[this.nextCheckpoint]) {
      const snapshot = segment.snapshots.find((s) => s.size === cp!.size)!;
      const joined = frontier.clone();
      joined.appendFrontier(TreeFrontier.restore(snapshot.size - segment.start, snapshot.hashes));
      this.checkCheckpoint(cp, joined.rootBinary(), joined);
      this.nextCheckpoint++;
      if (this.stopped) return false;
    }
    if (segment.problem) return this.stop(segment.problem);
    frontier.appendFrontier(own);
    this.stream.next = frontier.size;
    this.options.onProgress?.(frontier.size);
    this.checkReached();
    return !this.stopped;
  }

  /** Ends the stream and reports. */
  finish(): VerifyLogReport {
    const size = this.stream.next;
    if (!this.stopped && this.stream.mismatch) this.stop(mismatchProblem(this.stream.mismatch, 'unconfirmed'));
    const beyond = this.pending[this.nextCheckpoint];
    const expected = this.options.expectedSize;
    if (!this.stopped && beyond) {
      this.stop({ problem: 'missing-records', firstBadIndex: size, checkpointSize: beyond.size, message: `a checkpoint covers ${beyond.size} records, the export ends at ${size}` });
    } else if (!this.stopped && expected !== undefined && expected > size) {
      this.stop({ problem: 'missing-records', firstBadIndex: size, checkpointSize: expected, message: `the export claims ${expected} records but ends at ${size}` });
    }
    if (this.verified === 0 && size > 0 && this.problems.length === 0) {
      this.problems.push({ problem: 'no-checkpoint', message: 'no trusted checkpoint covers any record' });
    }
    this.options.onProgress?.(size);
    const exact = this.problems.flatMap((p) => ('firstBadIndex' in p && p.firstBadIndex !== undefined ? [p.firstBadIndex] : []));
    return {
      ok: this.problems.length === 0,
      entriesProcessed: size,
      treeSize: this.stream.frontier.size,
      rootHash: this.stream.frontier.root(),
      checkpointsTotal: this.options.checkpoints.length,
      checkpointsVerified: this.verified,
      latestCheckpoint: this.latest,
      unsignedTail: this.stream.frontier.size - (this.latest?.size ?? 0),
      firstBadIndex: exact.length > 0 ? Math.min(...exact) : undefined,
      problems: this.problems,
    };
  }

  private openCheckpoints(): void {
    const bySize = new Map<number, { roots: Set<string>; positions: number[]; checkpoint: Checkpoint }>();
    this.options.checkpoints.forEach((note, position) => {
      const opened = openCheckpoint(note, this.options.verifiers, { origin: this.options.origin });
      if (!opened.ok) {
        this.problems.push({ problem: 'bad-checkpoint', checkpoint: position, code: opened.error.code, message: `checkpoint ${position}: ${opened.error.message}` });
        return;
      }
      const { checkpoint } = opened;
      const entry = bySize.get(checkpoint.size) ?? { roots: new Set<string>(), positions: [], checkpoint };
      entry.roots.add(toBinary(checkpoint.rootHash));
      entry.positions.push(position);
      bySize.set(checkpoint.size, entry);
    });
    for (const [size, { roots, positions, checkpoint }] of [...bySize].sort(([a], [b]) => a - b)) {
      if (roots.size > 1) {
        // Two trusted signatures on different trees of one size: the log forked. Records can match one at most.
        this.problems.push({ problem: 'forked-checkpoints', checkpointSize: size, checkpoints: positions, message: `checkpoints ${positions.join(', ')} sign different trees of size ${size}` });
      }
      this.pending.push({ size, roots: [...roots], checkpoint });
    }
  }

  /** Checks every checkpoint whose size the stream has just reached. */
  private checkReached(): void {
    const frontier = this.stream.frontier;
    while (!this.stopped && this.pending[this.nextCheckpoint]?.size === frontier.size) {
      this.checkCheckpoint(this.pending[this.nextCheckpoint++]!, frontier.rootBinary(), frontier);
    }
  }

  private checkCheckpoint(cp: Pending, root: string, tree: TreeFrontier): void {
    const mismatch = this.stream.mismatch;
    if (mismatch?.storedTree) {
      const storedRoot = mismatch.storedTree.rootBinary();
      const verdict: LeafVerdict = cp.roots.includes(root) ? 'stored-hash-altered' : cp.roots.includes(storedRoot) ? 'record-altered' : 'unconfirmed';
      this.stop(mismatchProblem(mismatch, verdict, cp.size));
      return;
    }
    if (cp.roots.includes(root)) {
      this.verified++;
      this.latest = cp.checkpoint;
      this.interval.restart(tree);
      return;
    }
    const found = locateMismatch(cp.size, fromBinary(cp.roots[0]!), this.interval, this.options.evidence);
    const range = found.exact ? { from: found.index, to: found.index + 1 } : { from: found.from, to: found.to };
    this.stop({
      problem: 'root-mismatch',
      checkpointSize: cp.size,
      firstBadIndex: found.exact ? found.index : undefined,
      suspectRange: range,
      message: found.exact
        ? `the checkpoint at size ${cp.size} does not match the records; the first bad record is ${found.index}`
        : `the checkpoint at size ${cp.size} does not match the records; the first bad record is in [${range.from}, ${range.to})`,
    });
  }

  private stop(problem: LogProblem): false {
    this.problems.push(problem);
    this.stopped = true;
    return false;
  }
}

/** Verifies a whole export from a synchronous iterable (fastest). */
export function verifyLog(entries: Iterable<LogEntry>, options: VerifyLogOptions): VerifyLogReport {
  const verifier = new LogVerifier(options);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish();
}

/** Verifies a whole export from an async iterable (e.g. a file read line by line); batches are accepted. */
export async function verifyLogAsync(
  entries: AsyncIterable<LogEntry | readonly LogEntry[]> | Iterable<LogEntry>,
  options: VerifyLogOptions,
): Promise<VerifyLogReport> {
  const verifier = new LogVerifier(options);
  outer: for await (const item of entries) {
    if (Array.isArray(item)) {
      for (const entry of item as readonly LogEntry[]) if (!verifier.push(entry)) break outer;
    } else if (!verifier.push(item as LogEntry)) break;
  }
  return verifier.finish();
}
