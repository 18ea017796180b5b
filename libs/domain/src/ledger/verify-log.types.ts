import type { Buffer } from 'node:buffer';
import type { LedgerRecord } from './canonical-record.js';
import type { Checkpoint, CheckpointErrorCode } from './checkpoint.js';
import type { NodeSource } from './merkle.js';
import type { NoteVerifier } from './note-keys.js';

/**
 * One position of an export, in index order: a record (with the leaf hash stored next to it, if the export
 * has one), or — for records pruned by retention — only the stored leaf hash.
 */
export type LogEntry =
  | { readonly record: LedgerRecord; readonly leafHash?: Uint8Array }
  | { readonly record?: undefined; readonly idx: number; readonly leafHash: Uint8Array; readonly encoded?: undefined }
  | { readonly record?: undefined; readonly idx: number; readonly leafHash: Uint8Array; readonly encoded: EncodedRecord };

/**
 * A record its reader encoded and hashed itself (e.g. straight from an export's bytes, with no LedgerRecord
 * built): what the verifier checks of it is the same as for `record`, given its log and leaf hash.
 */
export interface EncodedRecord {
  readonly logId: string;
  /** SHA-256(0x00 ‖ canonical bytes) as a 32-character 'binary' (latin1) string. */
  readonly leaf: string;
}

export interface VerifyLogOptions {
  /** Signed checkpoint notes, in any order (e.g. every file of the export's checkpoint directory). */
  readonly checkpoints: readonly (string | Uint8Array)[];
  /** The log's trusted verifier keys (current and rotated-out ones). */
  readonly verifiers: readonly NoteVerifier[];
  /** Reject checkpoints for any other origin. */
  readonly origin?: string;
  /** Reject records of any other log. */
  readonly logId?: string;
  /** The size the export claims (its log head); records short of it count as missing. */
  readonly expectedSize?: number;
  /**
   * Claimed node hashes from outside the records (stored interior nodes), used only to pinpoint the first bad
   * leaf when a checkpoint root does not match. Claims are checked against the signed root before use.
   */
  readonly evidence?: NodeSource;
  /** Called with the number of entries processed, every `progressInterval` entries and at the end. */
  readonly onProgress?: (processed: number) => void;
  readonly progressInterval?: number;
  /** Leaves kept between checkpoints for bisection (default 2^20); beyond it a mismatch is reported as a range. */
  readonly maxIntervalLeaves?: number;
}

export type LeafVerdict = 'record-altered' | 'stored-hash-altered' | 'unconfirmed';

/** What went wrong. `firstBadIndex` is always an exact leaf index; a range is given as `suspectRange`. */
export type LogProblem = { readonly message: string } & (
  | { readonly problem: 'bad-checkpoint'; readonly checkpoint: number; readonly code: CheckpointErrorCode }
  | { readonly problem: 'forked-checkpoints'; readonly checkpointSize: number; readonly checkpoints: readonly number[] }
  | { readonly problem: 'no-checkpoint' }
  | { readonly problem: 'malformed-record'; readonly firstBadIndex: number }
  | { readonly problem: 'wrong-log'; readonly firstBadIndex: number; readonly foundLogId: string }
  | { readonly problem: 'missing-record'; readonly firstBadIndex: number; readonly foundIdx: number }
  | { readonly problem: 'unexpected-index'; readonly firstBadIndex: number; readonly foundIdx: number }
  | {
      readonly problem: 'leaf-mismatch';
      readonly firstBadIndex: number;
      readonly recordId?: string;
      readonly storedLeafHash: string;
      readonly computedLeafHash: string;
      /** Which side the next checkpoint vouches for, if any. */
      readonly verdict: LeafVerdict;
      readonly checkpointSize?: number;
    }
  | {
      readonly problem: 'root-mismatch';
      readonly checkpointSize: number;
      readonly firstBadIndex?: number;
      readonly suspectRange: { readonly from: number; readonly to: number };
    }
  | { readonly problem: 'missing-records'; readonly firstBadIndex: number; readonly checkpointSize: number }
);

export interface VerifyLogReport {
  readonly ok: boolean;
  readonly entriesProcessed: number;
  /** Size and root of the tree rebuilt from the entries (up to where verification stopped). */
  readonly treeSize: number;
  readonly rootHash: Buffer;
  readonly checkpointsTotal: number;
  /** Checkpoints whose signature verified and whose root equals the rebuilt tree at their size. */
  readonly checkpointsVerified: number;
  readonly latestCheckpoint?: Checkpoint;
  /** Entries after the latest verified checkpoint: consistent so far, but not yet covered by a signature. */
  readonly unsignedTail: number;
  /** The smallest exact bad index among the problems. */
  readonly firstBadIndex?: number;
  readonly problems: readonly LogProblem[];
}

/**
 * One segment of an export, hashed on its own (digestSegment): its leaves' perfect subtrees, the partial
 * tree at every checkpoint size inside it, and the first problem found. Plain data, so it can cross a
 * worker-thread boundary (Buffers arrive as Uint8Arrays, which is fine).
 */
export interface SegmentDigest {
  readonly start: number;
  /** Entries hashed (all of them, unless `problem` stopped the segment early). */
  readonly count: number;
  /** Frontier of the segment's own leaves (largest subtree first). */
  readonly hashes: readonly Uint8Array[];
  readonly snapshots: readonly { readonly size: number; readonly hashes: readonly Uint8Array[] }[];
  readonly problem?: LogProblem;
}
