import type { Buffer } from 'node:buffer';
import { type Hash, asBuffer, isHash, nodeHash } from './hash.js';
import { TreeFrontier } from './tree-frontier.js';
import {
  type LeafRange,
  type NodeId,
  consistencyProofRanges,
  inclusionProofRanges,
  perfectSubtrees,
  powerOfTwo,
} from './tree-math.js';

/**
 * Where proof generation gets hashes: the stored hash of the perfect subtree (level, index), or undefined to
 * have it computed from its two children. Leaves (level 0) must always be available. A source that stores
 * only leaves works but costs O(n) hashes per proof; storing the interior nodes that
 * TreeFrontier.append reports makes every proof O(log n) lookups.
 */
export type NodeSource = (level: number, index: number) => Hash | undefined;

/** What a proof needs: the ranges whose hashes are the proof elements, and the perfect subtrees behind them. */
export interface ProofPlan {
  readonly ranges: readonly LeafRange[];
  /** Every perfect subtree whose hash the proof needs, deduplicated — fetch these in one query. */
  readonly nodes: readonly NodeId[];
}

/** MTH of a list of leaf hashes, in memory. */
export function merkleRoot(leafHashes: readonly Hash[]): Buffer {
  const frontier = TreeFrontier.empty();
  for (const leaf of leafHashes) frontier.append(leaf);
  return frontier.root();
}

/** The leaves a perfect subtree covers. */
export function nodeLeafRange(node: NodeId): LeafRange {
  const width = powerOfTwo(node.level);
  return { start: node.index * width, end: (node.index + 1) * width };
}

/** Hash of the perfect subtree `node`, from the source or, failing that, from its children. */
export function subtreeHash(node: NodeId, getNode: NodeSource): Buffer {
  const stored = getNode(node.level, node.index);
  if (stored !== undefined) {
    if (!isHash(stored)) throw new RangeError(`node ${node.level}/${node.index} is not a 32-byte hash`);
    return asBuffer(stored);
  }
  if (node.level === 0) throw new RangeError(`leaf hash ${node.index} is not available`);
  const left = subtreeHash({ level: node.level - 1, index: node.index * 2 }, getNode);
  const right = subtreeHash({ level: node.level - 1, index: node.index * 2 + 1 }, getNode);
  return nodeHash(left, right);
}

/** Right fold of perfect-subtree hashes listed left to right: the MTH of the range they make up. */
export function foldSubtrees(hashes: readonly Hash[]): Buffer {
  if (hashes.length === 0) throw new RangeError('foldSubtrees needs at least one hash');
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return asBuffer(acc);
}

/** MTH of an aligned leaf range (as used by proofs). */
export function rangeHash(range: LeafRange, getNode: NodeSource): Buffer {
  return foldSubtrees(perfectSubtrees(range).map((node) => subtreeHash(node, getNode)));
}

export function planInclusionProof(index: number, size: number): ProofPlan {
  return plan(inclusionProofRanges(index, size));
}

export function planConsistencyProof(size1: number, size2: number): ProofPlan {
  return plan(consistencyProofRanges(size1, size2));
}

function plan(ranges: LeafRange[]): ProofPlan {
  const seen = new Set<string>();
  const nodes: NodeId[] = [];
  for (const node of ranges.flatMap(perfectSubtrees)) {
    const key = `${node.level}/${node.index}`;
    if (!seen.has(key)) {
      seen.add(key);
      nodes.push(node);
    }
  }
  return { ranges, nodes };
}

/** The proof elements for a plan, in order. Throws RangeError if a needed leaf hash is unavailable. */
export function assembleProof(proofPlan: ProofPlan, getNode: NodeSource): Buffer[] {
  return proofPlan.ranges.map((range) => rangeHash(range, getNode));
}

/** RFC 9162 §2.1.3.1 inclusion proof (audit path) for leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, getNode: NodeSource): Buffer[] {
  return assembleProof(planInclusionProof(index, size), getNode);
}

/** RFC 9162 §2.1.4.1 consistency proof from the tree of size1 leaves to the tree of size2 leaves. */
export function consistencyProof(size1: number, size2: number, getNode: NodeSource): Buffer[] {
  return assembleProof(planConsistencyProof(size1, size2), getNode);
}

/** A NodeSource over an in-memory array of leaf hashes (tests, small trees). */
export function leafSource(leafHashes: readonly Hash[]): NodeSource {
  return (level, index) => (level === 0 ? leafHashes[index] : undefined);
}
