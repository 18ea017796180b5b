import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { leafHash } from './hash.js';
import { SegmentTree } from './segment-tree.js';
import { TreeFrontier } from './tree-frontier.js';

const hex = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('hex'));
const leaves = (n: number, salt = ''): Buffer[] => Array.from({ length: n }, (_, i) => leafHash(createHash('sha256').update(`${salt}leaf ${i}`).digest()));

describe(SegmentTree.name, () => {
  it('gives at every size the frontier TreeFrontier computes one leaf at a time', () => {
    const ls = leaves(77);
    const tree = new SegmentTree(128);
    ls.forEach((l, i) => (i % 2 ? tree.setLeaf(i, l.toString('latin1')) : tree.setLeafBytes(i, Buffer.concat([Buffer.alloc(5), l]), 5)));
    tree.build(ls.length);
    const reference = TreeFrontier.empty();
    for (let size = 1; size <= ls.length; size++) {
      reference.append(ls[size - 1]!);
      expect(hex(tree.frontier(size))).toEqual(hex(reference.hashes));
    }
    expect(tree.frontier(0)).toEqual([]);
    expect(Buffer.compare(tree.leaves(3), Buffer.concat(ls.slice(0, 3)))).toBe(0);
  });

  it('can be built again with other leaves and fewer of them (buffers reused, nothing left over)', () => {
    const tree = new SegmentTree(64);
    leaves(64).forEach((l, i) => tree.setLeaf(i, l.toString('latin1')));
    tree.build(64);
    const other = leaves(21, 'b');
    other.forEach((l, i) => tree.setLeaf(i, l.toString('latin1')));
    tree.build(21);
    const reference = TreeFrontier.empty();
    other.forEach((l) => reference.append(l));
    expect(hex(tree.frontier(21))).toEqual(hex(reference.hashes));
    expect(() => tree.frontier(22)).toThrow(RangeError);
  });

  it('keeps its own copies: a frontier outlives the next build', () => {
    const tree = new SegmentTree(4);
    leaves(4).forEach((l, i) => tree.setLeaf(i, l.toString('latin1')));
    tree.build(4);
    const [root] = tree.frontier(4);
    const kept = Buffer.from(root!);
    leaves(4, 'c').forEach((l, i) => tree.setLeaf(i, l.toString('latin1')));
    tree.build(4);
    expect(Buffer.compare(root!, kept)).toBe(0);
    expect(Buffer.compare(tree.frontier(4)[0]!, kept)).not.toBe(0);
  });
});
