/**
 * Index arithmetic for RFC 6962 / RFC 9162 Merkle trees, with no hashing: which subtrees a proof needs.
 * Sizes and indexes are plain numbers up to 2^53 - 1, so this uses arithmetic rather than 32-bit bit ops.
 */

/** Leaves [start, end) of the tree; a proof element is the Merkle tree hash (MTH) of such a range. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** The perfect subtree of 2^level leaves starting at leaf index × 2^level (level 0 = a leaf). */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export function powerOfTwo(level: number): number {
  return 2 ** level;
}

/** The largest power of two ≤ n (n ≥ 1). Math.log2 can round up just below a power of two, so correct it. */
export function largestPowerOfTwoAtMost(n: number): number {
  if (n <= 0x7fff_ffff) return 2 ** (31 - Math.clz32(n)); // exact and fast below 2^31
  let p = 2 ** Math.floor(Math.log2(n));
  while (p > n) p /= 2;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** log2 of a power of two. */
export function log2Exact(powerOfTwo: number): number {
  return powerOfTwo <= 0x7fff_ffff ? 31 - Math.clz32(powerOfTwo) : Math.round(Math.log2(powerOfTwo));
}

/** RFC 6962's split point k: the largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  return largestPowerOfTwoAtMost(n - 1);
}

export function isTreeSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * The perfect subtrees that make up an aligned range, left to right (largest first). Every range a proof
 * asks for starts at a multiple of the next power of two ≥ its length, so its MTH is these subtrees'
 * hashes folded from the right (see foldSubtrees).
 */
export function perfectSubtrees(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let start = range.start;
  while (start < range.end) {
    let width = largestPowerOfTwoAtMost(range.end - start);
    while (start % width !== 0) width /= 2;
    nodes.push({ level: log2Exact(width), index: start / width });
    start += width;
  }
  return nodes;
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof of leaf m, bottom up. */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  if (!isTreeSize(size) || !isTreeSize(index) || index >= size) {
    throw new RangeError(`no inclusion proof for leaf ${index} in a tree of size ${size}`);
  }
  const out: LeafRange[] = [];
  path(index, 0, size, out);
  return out;
}

function path(m: number, start: number, n: number, out: LeafRange[]): void {
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(m, start, k, out);
    out.push({ start: start + k, end: start + n });
  } else {
    path(m - k, start + k, n - k, out);
    out.push({ start, end: start + k });
  }
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): the ranges whose hashes form the consistency proof from size m to n. */
export function consistencyProofRanges(size1: number, size2: number): LeafRange[] {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2) {
    throw new RangeError(`no consistency proof from size ${size1} to size ${size2}`);
  }
  const out: LeafRange[] = [];
  // A proof from the empty tree, or to the same size, is empty (RFC 9162 §2.1.4).
  if (size1 > 0 && size1 < size2) subproof(size1, 0, size2, true, out);
  return out;
}

function subproof(m: number, start: number, n: number, startsAtOldRoot: boolean, out: LeafRange[]): void {
  if (m === n) {
    // The old tree is a complete subtree here; the verifier already knows it only if it is the old root.
    if (!startsAtOldRoot) out.push({ start, end: start + n });
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(m, start, k, startsAtOldRoot, out);
    out.push({ start: start + k, end: start + n });
  } else {
    subproof(m - k, start + k, n - k, false, out);
    out.push({ start, end: start + k });
  }
}
