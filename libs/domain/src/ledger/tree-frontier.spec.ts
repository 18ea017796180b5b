import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { leafHash, nodeHash } from './hash.js';
import { foldSubtrees, leafSource, merkleRoot, rangeHash } from './merkle.js';
import { TreeFrontier } from './tree-frontier.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const data = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest());

describe(TreeFrontier.name, () => {
  const leaves = data(200).map(leafHash);

  it('restores from its persisted form and keeps appending identically', () => {
    const a = TreeFrontier.empty();
    leaves.slice(0, 77).forEach((h) => a.append(h));
    const b = TreeFrontier.restore(a.size, a.hashes);
    expect(b.nodeIds()).toEqual([
      { level: 6, index: 0 },
      { level: 3, index: 8 },
      { level: 2, index: 18 },
      { level: 0, index: 76 },
    ]);
    leaves.slice(77).forEach((h) => (a.append(h), b.append(h)));
    expect(hex(b.root())).toBe(hex(a.root()));
    expect(hex(b.root())).toBe(hex(merkleRoot(leaves)));
  });

  it.each<[string, () => unknown]>([
    ['too few hashes', () => TreeFrontier.restore(3, [leaves[0]!])],
    ['too many hashes', () => TreeFrontier.restore(4, [leaves[0]!, leaves[1]!])],
    ['a short hash', () => TreeFrontier.restore(1, [Buffer.alloc(31)])],
    ['a negative size', () => TreeFrontier.restore(-1, [])],
    ['a misaligned subtree', () => TreeFrontier.restore(1, [leaves[0]!]).appendSubtree(1, leaves[1]!)],
    ['a non-hash leaf', () => TreeFrontier.empty().append(Buffer.alloc(8))],
  ])('rejects %s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });

  it('joins segments hashed separately into the same root (for parallel verification)', () => {
    const whole = TreeFrontier.empty();
    leaves.forEach((h) => whole.append(h));
    const joined = TreeFrontier.empty();
    for (let start = 0; start < leaves.length; start += 64) {
      const segment = TreeFrontier.empty();
      leaves.slice(start, start + 64).forEach((h) => segment.append(h));
      joined.appendFrontier(segment);
    }
    expect(hex(joined.root())).toBe(hex(whole.root()));
    const viaSubtree = TreeFrontier.empty();
    viaSubtree.appendSubtree(7, merkleRoot(leaves.slice(0, 128)));
    leaves.slice(128).forEach((h) => viaSubtree.append(h));
    expect(hex(viaSubtree.root())).toBe(hex(whole.root()));
  });

  it('reports every interior node it completes, at the right place', () => {
    const seen: string[] = [];
    const frontier = TreeFrontier.empty();
    leaves.slice(0, 8).forEach((h) => frontier.append(h, (level, index, hash) => seen.push(`${level}/${index}:${hex(hash).slice(0, 8)}`)));
    const source = leafSource(leaves);
    const expected = [
      [1, 0], [1, 1], [2, 0], [1, 2], [1, 3], [2, 1], [3, 0],
    ].map(([level, index]) => `${level}/${index}:${hex(rangeHash({ start: index! * 2 ** level!, end: (index! + 1) * 2 ** level! }, source)).slice(0, 8)}`);
    expect(seen).toEqual(expected);
  });

  it('builds the same tree through its internal fast paths (bytes without checks, binary strings)', () => {
    const viaAppend = TreeFrontier.empty();
    const viaBytes = TreeFrontier.empty();
    const viaBinary = TreeFrontier.empty();
    const roots: string[][] = [];
    for (const leaf of leaves) {
      viaAppend.append(leaf);
      viaBytes.appendUnchecked(leaf);
      viaBinary.appendBinary(Buffer.from(leaf).toString('latin1'));
      roots.push([hex(viaAppend.root()), hex(viaBytes.root()), hex(viaBinary.root())]);
    }
    expect(roots.filter(([a, b, c]) => a !== b || a !== c)).toEqual([]);
    expect(viaBinary.hashes.map(hex)).toEqual(viaAppend.hashes.map(hex));
  });

  it('folds like foldSubtrees and nodeHash', () => {
    expect(hex(foldSubtrees([leaves[0]!, leaves[1]!]))).toBe(hex(nodeHash(leaves[0]!, leaves[1]!)));
  });
});
