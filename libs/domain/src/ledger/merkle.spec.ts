import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import {
  consistencyProof,
  inclusionProof,
  leafSource,
  merkleRoot,
  planConsistencyProof,
  rangeHash,
  type NodeSource,
} from './merkle.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.js';
import { EMPTY_ROOT, leafHash } from './hash.js';
import { TreeFrontier } from './tree-frontier.js';

// ---- An independent, deliberately naive RFC 6962 §2.1 implementation, straight from the definitions. ----
const sha = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const naiveLeaf = (d: Uint8Array): Buffer => sha(Buffer.of(0), d);
const naiveK = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function naiveMth(d: readonly Uint8Array[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return naiveLeaf(d[0]!);
  const k = naiveK(d.length);
  return sha(Buffer.of(1), naiveMth(d.slice(0, k)), naiveMth(d.slice(k)));
}
function naivePath(m: number, d: readonly Uint8Array[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = naiveK(d.length);
  return m < k ? [...naivePath(m, d.slice(0, k)), naiveMth(d.slice(k))] : [...naivePath(m - k, d.slice(k)), naiveMth(d.slice(0, k))];
}
function naiveSubproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [naiveMth(d)];
  const k = naiveK(n);
  return m <= k
    ? [...naiveSubproof(m, d.slice(0, k), b), naiveMth(d.slice(k))]
    : [...naiveSubproof(m - k, d.slice(k), false), naiveMth(d.slice(0, k))];
}
const naiveProof = (m: number, d: readonly Uint8Array[]): Buffer[] => naiveSubproof(m, d, true);

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const hexes = (bs: readonly Uint8Array[]): string[] => bs.map(hex);
const data = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => sha(Buffer.from(`leaf ${i}`)).subarray(0, 1 + (i % 40)));

/** A NodeSource holding every perfect subtree, as the api would after persisting TreeFrontier's nodes. */
function storedTree(leaves: readonly Uint8Array[]): { source: NodeSource; frontier: TreeFrontier } {
  const nodes = new Map<string, Buffer>();
  const frontier = TreeFrontier.empty();
  leaves.forEach((d, i) => {
    const h = leafHash(d);
    nodes.set(`0/${i}`, h);
    frontier.append(h, (level, index, hash) => nodes.set(`${level}/${index}`, hash));
  });
  return { source: (level, index) => nodes.get(`${level}/${index}`), frontier };
}

describe('RFC 6962 worked example (7 leaves, §2.1.3)', () => {
  // Certificate Transparency's reference leaf inputs and published roots for sizes 0…8.
  const D = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
  const ROOTS = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const d7 = D.slice(0, 7);
  const [a, b, c, d, e, f, j] = d7.map(naiveLeaf) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const g = sha(Buffer.of(1), a, b);
  const h = sha(Buffer.of(1), c, d);
  const i = sha(Buffer.of(1), e, f);
  const k = sha(Buffer.of(1), g, h);
  const l = sha(Buffer.of(1), i, j);
  const root = sha(Buffer.of(1), k, l);
  const source = leafSource(d7.map(leafHash));
  const names = new Map([a, b, c, d, e, f, g, h, i, j, k, l].map((x, n) => [hex(x), 'abcdefghijkl'[n]!]));
  const name = (xs: Buffer[]): string => xs.map((x) => names.get(hex(x)) ?? '?').join('');

  it('the naive and the real implementation agree with the published roots', () => {
    for (let n = 0; n <= 8; n++) {
      expect(hex(naiveMth(D.slice(0, n)))).toBe(ROOTS[n]);
      expect(hex(merkleRoot(D.slice(0, n).map(leafHash)))).toBe(ROOTS[n]);
    }
    expect(hex(root)).toBe(ROOTS[7]);
    expect(hex(EMPTY_ROOT)).toBe(ROOTS[0]);
  });

  it.each([
    [0, 'bhl'],
    [1, 'ahl'],
    [2, 'dgl'],
    [3, 'cgl'],
    [4, 'fjk'],
    [5, 'ejk'],
    [6, 'ik'],
  ])('inclusion proof for leaf %i is [%s] and verifies', (m, shape) => {
    const proof = inclusionProof(m, 7, source);
    expect(name(proof)).toBe(shape);
    expect(hexes(proof)).toEqual(hexes(naivePath(m, d7)));
    expect(verifyInclusion(leafHash(d7[m]!), m, 7, proof, root)).toBe(true);
  });

  it.each([
    [3, 7, 'cdgl'],
    [4, 7, 'l'],
    [6, 7, 'ijk'],
    [1, 7, 'bhl'],
    [2, 7, 'hl'],
  ])('consistency proof %i → %i is [%s] and verifies', (m, n, shape) => {
    const proof = consistencyProof(m, n, source);
    expect(name(proof)).toBe(shape);
    expect(hexes(proof)).toEqual(hexes(naiveProof(m, d7)));
    expect(verifyConsistency(m, n, naiveMth(d7.slice(0, m)), root, proof)).toBe(true);
  });

  it('matches the published CT proofs for the 8-leaf tree', () => {
    const s8 = leafSource(D.map(leafHash));
    expect(hexes(inclusionProof(0, 8, s8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hexes(inclusionProof(5, 8, s8))).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(hexes(consistencyProof(2, 8, s8))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hexes(consistencyProof(2, 5, s8))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(hexes(consistencyProof(6, 8, s8))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });
});

describe('proofs against the naive implementation', () => {
  const SMALL = 64;
  const small = data(SMALL);

  it(`every proof in every tree up to ${SMALL} leaves equals the naive PATH and PROOF`, () => {
    const { source } = storedTree(small);
    const failures: string[] = [];
    const same = (a: Buffer[], b: Buffer[]): boolean => hexes(a).join() === hexes(b).join();
    for (let n = 1; n <= SMALL; n++) {
      const d = small.slice(0, n);
      for (let m = 0; m < n; m++) if (!same(inclusionProof(m, n, source), naivePath(m, d))) failures.push(`PATH(${m}, ${n})`);
      for (let m = 1; m <= n; m++) if (!same(consistencyProof(m, n, source), naiveProof(m, d))) failures.push(`PROOF(${m}, ${n})`);
    }
    expect(failures).toEqual([]);
  });

  const MAX = 300;
  const leaves = data(MAX);
  const { source } = storedTree(leaves);
  const leafHashes = leaves.map(leafHash);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => naiveMth(leaves.slice(0, n)));

  it(`every root up to ${MAX} leaves equals the naive MTH, from leaves and from stored nodes`, () => {
    const frontier = TreeFrontier.empty();
    for (let n = 1; n <= MAX; n++) {
      frontier.append(leafHash(leaves[n - 1]!));
      expect(frontier.size).toBe(n);
      expect(hex(frontier.root())).toBe(hex(roots[n]!));
      expect(hex(rangeHash({ start: 0, end: n }, source))).toBe(hex(roots[n]!));
    }
  });

  it(`every leaf of every tree up to ${MAX} has an inclusion proof that verifies`, () => {
    const failures: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, source);
        if (!verifyInclusion(leafHashes[m]!, m, n, proof, roots[n]!)) failures.push(`leaf ${m} of ${n}`);
      }
    }
    expect(failures).toEqual([]);
    expect(hex(rootFromInclusionProof(leafHashes[7]!, 7, MAX, inclusionProof(7, MAX, source))!)).toBe(hex(roots[MAX]!));
  });

  it(`every pair of sizes up to ${MAX} has a consistency proof that verifies`, () => {
    const failures: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m <= n; m++) {
        if (!verifyConsistency(m, n, roots[m]!, roots[n]!, consistencyProof(m, n, source))) failures.push(`${m} → ${n}`);
      }
    }
    expect(failures).toEqual([]);
  });

  const flip = (x: Uint8Array, at = 0): Buffer => {
    const y = Buffer.from(x);
    y[at]! ^= 1;
    return y;
  };

  it.each([5, 7, 8, 13, 64, 100, 255, 300])('every mutation of a proof in a tree of %i leaves fails', (n) => {
    for (let m = 0; m < n; m += Math.max(1, Math.floor(n / 17))) {
      const leaf = leafHash(leaves[m]!);
      const proof = inclusionProof(m, n, source);
      const root = roots[n]!;
      expect(verifyInclusion(leaf, m, n, proof, root)).toBe(true);
      expect(verifyInclusion(flip(leaf), m, n, proof, root)).toBe(false);
      expect(verifyInclusion(leaf, m, n, proof, flip(root, 31))).toBe(false);
      // (A wrong size can still verify when the path has the same shape: the root, not the proof, commits to size.)
      expect(verifyInclusion(leaf, m, n, [...proof, leaf], root)).toBe(false);
      if (m + 1 < n) expect(verifyInclusion(leaf, m + 1, n, proof, root)).toBe(false);
      if (m > 0) expect(verifyInclusion(leaf, m - 1, n, proof, root)).toBe(false);
      proof.forEach((_, at) => {
        expect(verifyInclusion(leaf, m, n, proof.map((p, q) => (q === at ? flip(p, at % 32) : p)), root)).toBe(false);
        expect(verifyInclusion(leaf, m, n, proof.filter((_, q) => q !== at), root)).toBe(false);
      });
    }
    for (let m = 1; m < n; m += Math.max(1, Math.floor(n / 13))) {
      const proof = consistencyProof(m, n, source);
      expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof)).toBe(true);
      expect(verifyConsistency(m, n, flip(roots[m]!), roots[n]!, proof)).toBe(false);
      expect(verifyConsistency(m, n, roots[m]!, flip(roots[n]!), proof)).toBe(false);
      expect(verifyConsistency(m, n, roots[m]!, roots[n]!, [...proof, roots[m]!])).toBe(false);
      proof.forEach((_, at) => {
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.map((p, q) => (q === at ? flip(p) : p)))).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.filter((_, q) => q !== at))).toBe(false);
      });
    }
  });

  it.each<[string, () => boolean]>([
    ['index beyond the tree', () => verifyInclusion(leafHash(leaves[0]!), 5, 5, [], roots[5]!)],
    ['negative index', () => verifyInclusion(leafHash(leaves[0]!), -1, 5, [], roots[5]!)],
    ['fractional size', () => verifyInclusion(leafHash(leaves[0]!), 0, 1.5, [], roots[1]!)],
    ['short leaf hash', () => verifyInclusion(Buffer.alloc(31), 0, 1, [], roots[1]!)],
    ['non-array proof', () => verifyInclusion(leafHash(leaves[0]!), 0, 2, 'x' as never, roots[2]!)],
    ['size1 > size2', () => verifyConsistency(3, 2, roots[3]!, roots[2]!, [])],
    ['equal sizes, different roots', () => verifyConsistency(3, 3, roots[3]!, roots[4]!, [])],
    ['equal sizes with a proof', () => verifyConsistency(3, 3, roots[3]!, roots[3]!, [roots[3]!])],
    ['empty proof between different sizes', () => verifyConsistency(3, 4, roots[3]!, roots[4]!, [])],
    ['empty tree with a proof', () => verifyConsistency(0, 4, roots[0]!, roots[4]!, [roots[4]!])],
  ])('rejects malformed input without throwing: %s', (_name, run) => {
    expect(run()).toBe(false);
  });

  it('accepts the trivial proofs: one leaf, equal trees, from the empty tree', () => {
    expect(verifyInclusion(leafHash(leaves[0]!), 0, 1, [], roots[1]!)).toBe(true);
    expect(verifyConsistency(9, 9, roots[9]!, roots[9]!, [])).toBe(true);
    expect(verifyConsistency(0, 9, EMPTY_ROOT, roots[9]!, [])).toBe(true);
  });
});

describe('large trees', () => {
  it.each([1000, 4097, 65_537])('proofs from stored interior nodes verify in a tree of %i leaves', (n) => {
    const leaves = Array.from({ length: n }, (_, i) => Buffer.from(`record ${i}`));
    const { source, frontier } = storedTree(leaves);
    const root = frontier.root();
    expect(hex(rangeHash({ start: 0, end: n }, source))).toBe(hex(root));
    for (const m of [0, 1, n >> 1, n - 2, n - 1]) {
      expect(verifyInclusion(leafHash(leaves[m]!), m, n, inclusionProof(m, n, source), root)).toBe(true);
    }
    for (const m of [1, 3, 512, n - 1]) {
      const old = rangeHash({ start: 0, end: m }, source);
      expect(verifyConsistency(m, n, old, root, consistencyProof(m, n, source))).toBe(true);
    }
  });

  // Sizes past 2^32 exercise the arithmetic (no 32-bit bit operations). Nodes away from the leaf or the
  // boundary under test get arbitrary hashes; the ones on the path are computed from their children.
  const fake = (level: number, index: number): Buffer => sha(Buffer.from(`${level}/${index}`));
  it.each([2 ** 32 + 1, 2 ** 40 + 12_345, 2 ** 53 - 1])('inclusion and consistency work at size %i', (n) => {
    for (const m of [0, 2 ** 31, n - 2, n - 1]) {
      const source: NodeSource = (level, index) => (Math.floor(m / 2 ** level) === index ? undefined : fake(level, index));
      const leaf = leafHash(Buffer.from(`leaf ${m}`));
      const withLeaf: NodeSource = (level, index) => (level === 0 && index === m ? leaf : source(level, index));
      const root = rangeHash({ start: 0, end: n }, withLeaf);
      const proof = inclusionProof(m, n, withLeaf);
      expect(verifyInclusion(leaf, m, n, proof, root)).toBe(true);
      expect(verifyInclusion(leaf, m, n, proof, fake(0, 0))).toBe(false);
    }
    for (const m of [1, 2 ** 32, n - 1]) {
      // Subtrees straddling the old size must be real (computed); everything else can be arbitrary.
      const straddles = (level: number, index: number): boolean => index * 2 ** level < m && (index + 1) * 2 ** level > m;
      const source: NodeSource = (level, index) => (straddles(level, index) && level > 0 ? undefined : fake(level, index));
      const root1 = rangeHash({ start: 0, end: m }, source);
      const root2 = rangeHash({ start: 0, end: n }, source);
      const proof = consistencyProof(m, n, source);
      expect(proof.length).toBe(planConsistencyProof(m, n).ranges.length);
      expect(verifyConsistency(m, n, root1, root2, proof)).toBe(true);
      expect(verifyConsistency(m, n, root2, root1, proof)).toBe(false);
    }
  });
});
