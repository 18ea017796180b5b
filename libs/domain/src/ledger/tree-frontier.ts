import type { Buffer } from 'node:buffer';
import { EMPTY_ROOT, type Hash, fromBinary, isHash, nodeHashBinary, toBinary } from './hash.js';
import { type NodeId, powerOfTwo } from './tree-math.js';

/** Called for every perfect subtree an append completes (level ≥ 1), so callers can persist interior nodes. */
export type NodeVisitor = (level: number, index: number, hash: Buffer) => void;

/**
 * The right edge of an RFC 6962 tree: the hashes of the perfect subtrees that make up its leaves, largest
 * first (one per set bit of the size — a "compact range" starting at 0). Enough to append in O(log n) and to
 * compute the root, so the api keeps the root current as it appends and persists this instead of the tree.
 */
export class TreeFrontier {
  // Kept as 'binary' strings (see nodeHashBinary); converted to Buffers only at the API boundary.
  private readonly stack: string[];
  private count: number;

  private constructor(size: number, stack: string[]) {
    this.count = size;
    this.stack = stack;
  }

  static empty(): TreeFrontier {
    return new TreeFrontier(0, []);
  }

  /** Rebuilds a persisted frontier. Throws RangeError unless there is one 32-byte hash per set bit of size. */
  static restore(size: number, hashes: readonly Hash[]): TreeFrontier {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`frontier size ${size} is not a tree size`);
    const expected = subtreeLevels(size).length;
    if (hashes.length !== expected) throw new RangeError(`a tree of size ${size} has ${expected} frontier hashes, not ${hashes.length}`);
    if (!hashes.every(isHash)) throw new RangeError('frontier hashes must be 32 bytes each');
    return new TreeFrontier(size, hashes.map(toBinary));
  }

  /** Number of leaves appended. */
  get size(): number {
    return this.count;
  }

  /** The perfect-subtree hashes, largest (leftmost) first — persist these with `size`. */
  get hashes(): Buffer[] {
    return this.stack.map(fromBinary);
  }

  /** Where each frontier hash sits in the tree, in the same order as `hashes`. */
  nodeIds(): NodeId[] {
    const ids: NodeId[] = [];
    let start = 0;
    for (const level of subtreeLevels(this.count)) {
      const width = powerOfTwo(level);
      ids.push({ level, index: start / width });
      start += width;
    }
    return ids;
  }

  clone(): TreeFrontier {
    return new TreeFrontier(this.count, [...this.stack]);
  }

  /** Appends one leaf hash (RFC 6962 leaf hash, not raw data). O(log n) worst case, O(1) amortised. */
  append(leafHash: Hash, onNode?: NodeVisitor): void {
    if (!isHash(leafHash)) throw new RangeError('append expects a 32-byte leaf hash');
    this.appendBinaryAt(0, toBinary(leafHash), onNode);
  }

  /** append() for a hash already in 'binary' string form (the verifier's hot path). @internal */
  appendBinary(leafHash: string): void {
    const stack = this.stack;
    let carry = leafHash;
    // Each trailing 1-bit of the old size is a complete subtree of the same height as the carry: merge.
    for (let s = this.count; s % 2 === 1; s = (s - 1) / 2) carry = nodeHashBinary(stack.pop()!, carry);
    stack.push(carry);
    this.count++;
  }

  /**
   * Appends a whole perfect subtree of 2^level leaves given its hash — e.g. a segment hashed elsewhere.
   * The current size must be a multiple of 2^level, so the subtree is aligned as in the full tree.
   */
  appendSubtree(level: number, subtreeHash: Hash, onNode?: NodeVisitor): void {
    if (!isHash(subtreeHash)) throw new RangeError('appendSubtree expects a 32-byte hash');
    this.appendBinaryAt(level, toBinary(subtreeHash), onNode);
  }

  /** Appends every subtree of another frontier, as if its leaves followed ours. Requires alignment (above). */
  appendFrontier(other: TreeFrontier): void {
    const levels = subtreeLevels(other.count);
    levels.forEach((level, i) => this.appendBinaryAt(level, other.stack[i]!));
  }

  /** The Merkle tree hash (MTH) of all leaves appended so far. */
  root(): Buffer {
    return fromBinary(this.rootBinary());
  }

  /** root() as a 'binary' string. @internal */
  rootBinary(): string {
    const stack = this.stack;
    if (stack.length === 0) return toBinary(EMPTY_ROOT);
    // MTH splits off the largest perfect subtree on the left, so the root folds the frontier from the right.
    let acc = stack[stack.length - 1]!;
    for (let i = stack.length - 2; i >= 0; i--) acc = nodeHashBinary(stack[i]!, acc);
    return acc;
  }

  private appendBinaryAt(level: number, subtree: string, onNode?: NodeVisitor): void {
    const width = powerOfTwo(level);
    if (!Number.isInteger(level) || level < 0 || level > 52) throw new RangeError(`subtree level ${level} out of range`);
    if (this.count % width !== 0) throw new RangeError(`a subtree of 2^${level} leaves cannot start at ${this.count}`);
    if (!Number.isSafeInteger(this.count + width)) throw new RangeError('tree size would exceed 2^53 - 1');
    const end = this.count + width;
    let carry = subtree;
    let lvl = level;
    for (let s = this.count / width; s % 2 === 1; s = (s - 1) / 2) {
      carry = nodeHashBinary(this.stack.pop()!, carry);
      lvl++;
      onNode?.(lvl, end / powerOfTwo(lvl) - 1, fromBinary(carry));
    }
    this.stack.push(carry);
    this.count = end;
  }
}

/** Levels of the perfect subtrees making up a tree of `size` leaves, largest first (the set bits of size). */
export function subtreeLevels(size: number): number[] {
  const levels: number[] = [];
  for (let level = 0, s = size; s > 0; level++, s = Math.floor(s / 2)) if (s % 2 === 1) levels.push(level);
  return levels.reverse();
}
