import type { Buffer } from 'node:buffer';
import { type Hash, asBuffer, hashEquals, isHash, nodeHash } from './hash.js';
import { isTreeSize } from './tree-math.js';

/*
 * Proof verification per RFC 9162 §2.1.3.2 and §2.1.4.2. Inputs come from outside (an http client, an
 * export), so these never throw: anything malformed simply fails to verify.
 */

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** The root an inclusion proof leads to, or undefined if the proof cannot be for this index and size. */
export function rootFromInclusionProof(leafHash: Hash, index: number, size: number, proof: readonly Hash[]): Buffer | undefined {
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size || !isHash(leafHash) || !validHashes(proof)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Hash = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node has no right sibling (the right edge of an unbalanced tree).
      while (fn !== 0 && !isOdd(fn)) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? asBuffer(r) : undefined;
}

/** True when `proof` shows the leaf with `leafHash` at `index` in the tree of `size` leaves with `root`. */
export function verifyInclusion(leafHash: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && isHash(root) && hashEquals(computed, root);
}

/** True when `proof` shows the tree (size1, root1) is a prefix of the tree (size2, root2). */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Hash,
  root2: Hash,
  proof: readonly Hash[],
): boolean {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2 || !isHash(root1) || !isHash(root2) || !validHashes(proof)) {
    return false;
  }
  if (size1 === size2) return proof.length === 0 && hashEquals(root1, root2);
  if (size1 === 0) return proof.length === 0; // every tree extends the empty tree
  if (proof.length === 0) return false;

  // §2.1.4.2 step 2: when the old tree is a complete subtree, its root is the implicit first element.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Hash = path[0]!;
  let sr: Hash = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn !== 0 && !isOdd(fn)) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashEquals(fr, root1) && hashEquals(sr, root2);
}

function validHashes(proof: readonly Hash[]): boolean {
  return Array.isArray(proof) && proof.length <= 128 && proof.every(isHash);
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}
