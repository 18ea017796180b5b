import { Buffer } from 'node:buffer';
import { recordLeafHashBinary } from './canonical-record.js';
import { binaryEquals, isHash, toBinary } from './hash.js';
import type { IntervalLeaves } from './locate-mismatch.js';
import { TreeFrontier } from './tree-frontier.js';
import type { LogEntry, LogProblem } from './verify-log.types.js';

export interface LeafMismatch {
  readonly index: number;
  readonly recordId?: string;
  readonly stored: string;
  readonly computed: string;
  /** The tree as it would be with the stored leaf hashes, from the first mismatch on (if kept). */
  readonly storedTree?: TreeFrontier;
}

/**
 * The per-entry half of verification, shared by the sequential verifier and by segment digests: checks each
 * entry's index and log, recomputes its leaf, compares the stored leaf hash and appends to a frontier of the
 * leaves from `start` on. Stops at the first problem. Hashes are 'binary' strings here (see hash.ts).
 */
export class LeafStream {
  readonly frontier = TreeFrontier.empty();
  next: number;
  problem?: LogProblem;
  mismatch?: LeafMismatch;

  constructor(
    readonly start: number,
    private readonly logId: string | undefined,
    /** Keep building the stored-hash tree after a leaf mismatch (so a later checkpoint can judge it). */
    private readonly followMismatch: boolean,
    private readonly interval?: IntervalLeaves,
  ) {
    this.next = start;
  }

  /** Checks and appends one entry; false once the stream has stopped. */
  push(entry: LogEntry): boolean {
    if (this.problem) return false;
    const index = this.next;
    if (typeof entry !== 'object' || entry === null) return this.fail({ problem: 'malformed-record', firstBadIndex: index, message: `entry ${index} is not an object` });
    const record = entry.record;
    const idx = record ? record.idx : entry.idx;
    if (idx !== index) return this.idxProblem(index, idx);
    let leaf: string | undefined;
    let stored: Uint8Array | undefined;
    const encoded = record ? undefined : entry.encoded;
    if (record || encoded) {
      const logId = record ? record.logId : encoded!.logId;
      if (this.logId !== undefined && logId !== this.logId) {
        return this.fail({ problem: 'wrong-log', firstBadIndex: index, foundLogId: String(logId), message: `record ${index} belongs to log ${JSON.stringify(logId)}` });
      }
      try {
        leaf = record ? recordLeafHashBinary(record) : encoded!.leaf;
      } catch (e) {
        return this.fail({ problem: 'malformed-record', firstBadIndex: index, message: `record ${index}: ${(e as Error).message}` });
      }
      if (entry.leafHash !== undefined) {
        if (!isHash(entry.leafHash)) return this.fail({ problem: 'malformed-record', firstBadIndex: index, message: `record ${index}: stored leaf hash is not 32 bytes` });
        stored = entry.leafHash;
        if (!this.mismatch && !binaryEquals(leaf, stored)) {
          this.mismatch = { index, recordId: record?.id, stored: toBinary(stored), computed: leaf, storedTree: this.followMismatch ? this.frontier.clone() : undefined };
          if (!this.followMismatch) return this.fail(mismatchProblem(this.mismatch, 'unconfirmed'));
        }
      }
      this.frontier.appendBinary(leaf);
      this.interval?.add(leaf);
    } else {
      // A pruned record: its stored leaf hash is all there is, and the checkpoints vouch for it.
      if (!isHash(entry.leafHash)) return this.fail({ problem: 'malformed-record', firstBadIndex: index, message: `leaf ${index}: stored leaf hash is not 32 bytes` });
      this.frontier.appendUnchecked(entry.leafHash);
      if (this.interval?.usable) this.interval.add(toBinary(entry.leafHash));
    }
    const storedTree = this.mismatch?.storedTree;
    if (storedTree) {
      if (stored) storedTree.appendUnchecked(stored);
      else if (leaf !== undefined) storedTree.appendBinary(leaf);
      else storedTree.appendUnchecked(entry.leafHash!);
    }
    this.next = index + 1;
    return true;
  }

  fail(problem: LogProblem): false {
    this.problem ??= problem;
    return false;
  }

  private idxProblem(index: number, idx: unknown): false {
    if (typeof idx === 'number' && Number.isSafeInteger(idx) && idx > index) {
      return this.fail({ problem: 'missing-record', firstBadIndex: index, foundIdx: idx, message: `record ${index} is missing (the next record is ${idx})` });
    }
    return this.fail({ problem: 'unexpected-index', firstBadIndex: index, foundIdx: Number(idx), message: `expected record ${index}, found index ${String(idx)}` });
  }
}

const VERDICT_TEXT = {
  'record-altered': 'the record was altered after it was signed',
  'stored-hash-altered': 'the stored leaf hash was altered; the record matches the signed tree',
  unconfirmed: 'no later checkpoint says which is right',
} as const;

export function mismatchProblem(m: LeafMismatch, verdict: keyof typeof VERDICT_TEXT, checkpointSize?: number): LogProblem {
  return {
    problem: 'leaf-mismatch',
    firstBadIndex: m.index,
    recordId: m.recordId,
    storedLeafHash: Buffer.from(m.stored, 'latin1').toString('hex'),
    computedLeafHash: Buffer.from(m.computed, 'latin1').toString('hex'),
    verdict,
    checkpointSize,
    message: `record ${m.index} does not hash to its stored leaf hash: ${VERDICT_TEXT[verdict]}`,
  };
}
