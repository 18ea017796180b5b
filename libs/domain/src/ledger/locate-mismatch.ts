import { type Hash, hashEquals, nodeHash, toBinary } from './hash.js';
import type { NodeSource } from './merkle.js';
import { TreeFrontier } from './tree-frontier.js';
import { perfectSubtrees, powerOfTwo, splitPoint } from './tree-math.js';

/**
 * The leaves appended since the last checkpoint that matched (size `base`), kept so that when the next
 * checkpoint's root does not match, the first bad leaf can be found by bisection.
 */
export class IntervalLeaves {
  private leaves: string[] = [];
  private overflowed = false;
  private baseFrontier = TreeFrontier.empty();

  /** With limit 0 nothing is kept (no evidence to bisect with), which keeps the hot path lean. */
  constructor(private limit: number) {
    this.overflowed = limit === 0;
  }

  get base(): number {
    return this.baseFrontier.size;
  }

  /** Starts a new interval at the current tree (whose root just matched a checkpoint). */
  restart(frontier: TreeFrontier): void {
    this.baseFrontier = frontier.clone();
    this.leaves = [];
    this.overflowed = this.limit === 0;
  }

  add(leaf: string): void {
    if (this.overflowed) return;
    if (this.leaves.length >= this.limit) {
      this.overflowed = true;
      this.leaves = [];
    } else {
      this.leaves.push(leaf);
    }
  }

  /** Stops keeping leaves (they are hashed elsewhere), while still tracking the base. */
  disable(): void {
    this.limit = 0;
    this.overflowed = true;
    this.leaves = [];
  }

  get usable(): boolean {
    return !this.overflowed;
  }

  /**
   * MTH of an aligned range [start, end) of the rebuilt tree, end ≤ base + leaves kept: the base frontier's
   * subtrees inside it, then the kept leaves. Undefined if the base frontier does not tile its part exactly.
   */
  rangeHash(start: number, end: number): string | undefined {
    const base = this.base;
    const range = TreeFrontier.empty();
    if (start < base) {
      const ids = this.baseFrontier.nodeIds();
      const hashes = this.baseFrontier.hashes;
      let covered = start;
      ids.forEach((id, i) => {
        const from = id.index * powerOfTwo(id.level);
        if (from >= start && from < Math.min(end, base) && from === covered) {
          range.appendSubtree(id.level, hashes[i]!);
          covered += powerOfTwo(id.level);
        }
      });
      if (covered !== Math.min(end, base)) return undefined;
    }
    for (let i = Math.max(start, base); i < end; i++) range.appendBinary(this.leaves[i - base]!);
    return range.rootBinary();
  }
}

export type Located = { readonly exact: true; readonly index: number } | { readonly exact: false; readonly from: number; readonly to: number };

/**
 * Finds the first leaf where the rebuilt tree differs from the tree a checkpoint signed, using claimed node
 * hashes from outside the records (e.g. interior nodes the api stored as it appended). A claim counts only
 * when it hashes up to a node already known to be authentic, so wrong evidence can narrow nothing.
 * Without usable evidence the answer is the interval since the last matching checkpoint.
 */
export function locateMismatch(size: number, signedRoot: Hash, interval: IntervalLeaves, evidence?: NodeSource): Located {
  const fallback: Located = { exact: false, from: interval.base, to: size };
  if (!evidence || !interval.usable) return fallback;
  const claim = (start: number, end: number): Hash | undefined => {
    try {
      const parts = perfectSubtrees({ start, end }).map((n) => evidence(n.level, n.index));
      if (parts.some((p) => p === undefined)) return undefined;
      let acc = parts[parts.length - 1]!;
      for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(parts[i]!, acc);
      return acc;
    } catch {
      return undefined;
    }
  };
  let start = 0;
  let end = size;
  let authentic: Hash = signedRoot;
  while (end - start > 1) {
    const mid = start + splitPoint(end - start);
    const left = claim(start, mid);
    const right = claim(mid, end);
    if (!left || !right || !hashEquals(nodeHash(left, right), authentic)) {
      return start >= interval.base ? { exact: false, from: start, to: end } : fallback;
    }
    // Everything before the last matching checkpoint is known good; otherwise compare with the rebuilt tree.
    const computedLeft = mid <= interval.base ? toBinary(left) : interval.rangeHash(start, mid);
    if (computedLeft === undefined) return fallback;
    if (computedLeft !== toBinary(left)) {
      end = mid;
      authentic = left;
    } else {
      start = mid;
      authentic = right;
    }
  }
  return start >= interval.base ? { exact: true, index: start } : fallback;
}
