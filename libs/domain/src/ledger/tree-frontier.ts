import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import { EMPTY_ROOT, HASH_SIZE, type Hash, isHash } from './hash.js';
import { type NodeId, powerOfTwo } from './tree-math.js';

/** Called for every perfect subtree an append completes (level ≥ 1), so callers can persist interior nodes. */
export type NodeVisitor = (level: number, index: number, hash: Buffer) => void;

const MAX_LEVELS = 54; // sizes up to 2^53 - 1
const PAIR = 1 + 2 * HASH_SIZE; // 0x01 ‖ left ‖ right: exactly the input of an interior node hash
const LEFT = 1;
const RIGHT = 1 + HASH_SIZE;

/**
 * The right edge of an RFC 6962 tree: the hashes of the perfect subtrees that make up its leaves, largest
 * first (one per set bit of the size — a "compact range" starting at 0). Enough to append in O(log n) and to
 * compute the root, so the api keeps the root current as it appends and persists this instead of the tree.
 *
 * Layout: one 65-byte slot per level holding 0x01 ‖ left ‖ right. A level's pending subtree waits in its
 * slot's left half; its sibling is written into the right half and the slot is hashed as it stands, so each
 * hash is written once and no append allocates beyond the digest itself (this is the verifier's hot path).
 */
export class TreeFrontier {
  private count: number;
  private readonly slots: Buffer;
  /** One view per level's slot, made once: the hash input, without a subarray per append. */
  private readonly pairs: Buffer[];

  private constructor(size: number, slots: Buffer) {
    this.count = size;
    this.slots = slots;
    this.pairs = Array.from({ length: MAX_LEVELS }, (_, level) => slots.subarray(level * PAIR, (level + 1) * PAIR));
  }

  static empty(): TreeFrontier {
    const slots = Buffer.alloc(MAX_LEVELS * PAIR);
    for (let level = 0; level < MAX_LEVELS; level++) slots[level * PAIR] = 0x01;
    return new TreeFrontier(0, slots);
  }

  /** Rebuilds a persisted frontier. Throws RangeError unless there is one 32-byte hash per set bit of size. */
  static restore(size: number, hashes: readonly Hash[]): TreeFrontier {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`frontier size ${size} is not a tree size`);
    const levels = subtreeLevels(size);
    if (hashes.length !== levels.length) throw new RangeError(`a tree of size ${size} has ${levels.length} frontier hashes, not ${hashes.length}`);
    if (!hashes.every(isHash)) throw new RangeError('frontier hashes must be 32 bytes each');
    const frontier = TreeFrontier.empty();
    levels.forEach((level, i) => frontier.slots.set(hashes[i]!, level * PAIR + LEFT));
    frontier.count = size;
    return frontier;
  }

  /** Number of leaves appended. */
  get size(): number {
    return this.count;
  }

  /** The perfect-subtree hashes, largest (leftmost) first — persist these with `size`. */
  get hashes(): Buffer[] {
    return subtreeLevels(this.count).map((level) => Buffer.from(this.slots.subarray(level * PAIR + LEFT, level * PAIR + RIGHT)));
  }

  /** Where each frontier hash sits in the tree, in the same order as `hashes`. */
  nodeIds(): NodeId[] {
    let start = 0;
    return subtreeLevels(this.count).map((level) => {
      const width = powerOfTwo(level);
      const id = { level, index: start / width };
      start += width;
      return id;
    });
  }

  clone(): TreeFrontier {
    return new TreeFrontier(this.count, Buffer.from(this.slots));
  }

  /** Appends one leaf hash (RFC 6962 leaf hash, not raw data). O(log n) worst case, O(1) amortised. */
  append(leafHash: Hash, onNode?: NodeVisitor): void {
    if (!isHash(leafHash)) throw new RangeError('append expects a 32-byte leaf hash');
    this.appendAt(0, leafHash, undefined, onNode);
  }

  /** append() for a hash given as a 32-character 'binary' string (the verifier's hot path). @internal */
  appendBinary(leafHash: string): void {
    const size = this.count;
    if (size % 2 === 0) {
      this.slots.write(leafHash, LEFT, HASH_SIZE, 'latin1');
    } else {
      this.slots.write(leafHash, RIGHT, HASH_SIZE, 'latin1');
      this.carryFrom(size);
    }
    this.count = size + 1;
  }

  /** append() without the argument check, for callers that checked already (the verifier's hot path). @internal */
  appendUnchecked(leafHash: Uint8Array): void {
    const size = this.count;
    if (size % 2 === 0) {
      this.slots.set(leafHash, LEFT);
    } else {
      this.slots.set(leafHash, RIGHT);
      this.carryFrom(size);
    }
    this.count = size + 1;
  }

  /** A leaf has just completed level 0's pair (the size was odd): hash it and carry upward, as appendAt does. */
  private carryFrom(size: number): void {
    const slots = this.slots;
    let carry = hash('sha256', this.pairs[0]!, 'binary');
    let lvl = 1;
    for (let s = (size - 1) / 2; s % 2 === 1; s = (s - 1) / 2) {
      slots.write(carry, lvl * PAIR + RIGHT, HASH_SIZE, 'latin1');
      carry = hash('sha256', this.pairs[lvl]!, 'binary');
      lvl++;
    }
    slots.write(carry, lvl * PAIR + LEFT, HASH_SIZE, 'latin1');
  }

  /**
   * Appends a whole perfect subtree of 2^level leaves given its hash — e.g. a segment hashed elsewhere.
   * The current size must be a multiple of 2^level, so the subtree is aligned as in the full tree.
   */
  appendSubtree(level: number, subtreeHash: Hash, onNode?: NodeVisitor): void {
    if (!isHash(subtreeHash)) throw new RangeError('appendSubtree expects a 32-byte hash');
    if (!Number.isInteger(level) || level < 0 || level >= MAX_LEVELS - 1) throw new RangeError(`subtree level ${level} out of range`);
    const width = powerOfTwo(level);
    if (this.count % width !== 0) throw new RangeError(`a subtree of 2^${level} leaves cannot start at ${this.count}`);
    if (!Number.isSafeInteger(this.count + width)) throw new RangeError('tree size would exceed 2^53 - 1');
    this.appendAt(level, subtreeHash, undefined, onNode);
  }

  /** Appends every subtree of another frontier, as if its leaves followed ours. Requires alignment (above). */
  appendFrontier(other: TreeFrontier): void {
    const levels = subtreeLevels(other.count);
    const hashes = other.hashes;
    levels.forEach((level, i) => this.appendSubtree(level, hashes[i]!));
  }

  /** The Merkle tree hash (MTH) of all leaves appended so far. */
  root(): Buffer {
    return Buffer.from(this.rootBinary(), 'latin1');
  }

  /** root() as a 'binary' string. @internal */
  rootBinary(): string {
    const levels = subtreeLevels(this.count);
    if (levels.length === 0) return EMPTY_ROOT.toString('latin1');
    // MTH splits off the largest perfect subtree on the left, so the root folds the frontier from the right.
    const scratch = Buffer.alloc(PAIR);
    scratch[0] = 0x01;
    const smallest = levels[levels.length - 1]! * PAIR + LEFT;
    let acc = this.slots.toString('latin1', smallest, smallest + HASH_SIZE);
    for (let i = levels.length - 2; i >= 0; i--) {
      this.slots.copy(scratch, LEFT, levels[i]! * PAIR + LEFT, levels[i]! * PAIR + RIGHT);
      scratch.write(acc, RIGHT, HASH_SIZE, 'latin1');
      acc = hash('sha256', scratch, 'binary');
    }
    return acc;
  }

  /** Places a subtree hash (bytes or binary string) at `level` and carries completed pairs upward. */
  private appendAt(level: number, bytes: Uint8Array | undefined, binary: string | undefined, onNode?: NodeVisitor): void {
    const slots = this.slots;
    const end = this.count + powerOfTwo(level);
    let lvl = level;
    let s = level === 0 ? this.count : this.count / powerOfTwo(level);
    let carry = binary;
    let carryBytes = bytes;
    // Each set bit from `level` up is a pending left sibling of the same height: fill its right half and hash.
    while (s % 2 === 1) {
      const at = lvl * PAIR;
      if (carryBytes) slots.set(carryBytes, at + RIGHT);
      else slots.write(carry!, at + RIGHT, HASH_SIZE, 'latin1');
      carryBytes = undefined;
      carry = hash('sha256', this.pairs[lvl]!, 'binary');
      lvl++;
      s = (s - 1) / 2;
      onNode?.(lvl, end / powerOfTwo(lvl) - 1, Buffer.from(carry, 'latin1'));
    }
    const at = lvl * PAIR + LEFT;
    if (carryBytes) slots.set(carryBytes, at);
    else slots.write(carry!, at, HASH_SIZE, 'latin1');
    this.count = end;
  }
}

/** Levels of the perfect subtrees making up a tree of `size` leaves, largest first (the set bits of size). */
export function subtreeLevels(size: number): number[] {
  const levels: number[] = [];
  for (let level = 0, s = size; s > 0; level++, s = Math.floor(s / 2)) if (s % 2 === 1) levels.push(level);
  return levels.reverse();
}
