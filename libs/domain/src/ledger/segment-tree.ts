import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import { HASH_SIZE } from './hash.js';

/**
 * Every node of the tree over one aligned segment of leaves (a records file of an export), built level by level
 * in flat buffers. Each pair is hashed in place: the byte before the left child is set to 0x01 for the call, so
 * no node is copied into a scratch buffer. It then gives the segment's frontier at any size inside it, which is
 * what LogVerifier.pushSegment needs (the segment's hashes, and snapshots at checkpoint sizes). One tree can
 * be built again and again (a worker thread keeps one for every file it digests): its buffers are reused.
 */
export class SegmentTree {
  /** levels[k]: one spare byte, then the complete nodes of level k in index order, 32 bytes each. */
  private readonly levels: Buffer[];
  private built = 0;
  /** The highest level the last build reached. */
  private height = 0;

  constructor(readonly capacity: number) {
    this.levels = [Buffer.alloc(1 + capacity * HASH_SIZE)];
  }

  /** Sets leaf i from a 'binary' string hash. */
  setLeaf(i: number, leaf: string): void {
    this.levels[0]!.write(leaf, 1 + HASH_SIZE * i, HASH_SIZE, 'latin1');
  }

  /** Sets leaf i from 32 bytes of src at `at`. */
  setLeafBytes(i: number, src: Uint8Array, at: number): void {
    this.levels[0]!.set(src.subarray(at, at + HASH_SIZE), 1 + HASH_SIZE * i);
  }

  /** The first `count` leaves, 32 bytes each (a view: compare it, do not keep it). */
  leaves(count: number): Buffer {
    return this.levels[0]!.subarray(1, 1 + count * HASH_SIZE);
  }

  /** Hashes every complete node above the first `count` leaves. */
  build(count: number): void {
    let n = count;
    for (let k = 0; n >= 2; k++) {
      const below = this.levels[k]!;
      const pairs = n >>> 1;
      let level = this.levels[k + 1];
      if (!level || level.length < 1 + pairs * HASH_SIZE) level = this.levels[k + 1] = Buffer.alloc(1 + pairs * HASH_SIZE);
      for (let i = 0, at = 0; i < pairs; i++, at += 2 * HASH_SIZE) {
        const saved = below[at]!;
        below[at] = 0x01;
        level.write(hash('sha256', below.subarray(at, at + 1 + 2 * HASH_SIZE), 'binary'), 1 + HASH_SIZE * i, HASH_SIZE, 'latin1');
        below[at] = saved;
      }
      n = pairs;
    }
    this.built = count;
    this.height = Math.floor(Math.log2(Math.max(count, 1)));
  }

  /** The frontier of the first `size` leaves (size ≤ the built count): one hash per set bit, largest first. */
  frontier(size: number): Buffer[] {
    if (size > this.built) throw new RangeError(`the tree holds ${this.built} leaves, not ${size}`);
    const hashes: Buffer[] = [];
    let offset = 0;
    for (let k = this.height; k >= 0; k--) {
      const width = 2 ** k;
      if (size - offset >= width) {
        const at = 1 + HASH_SIZE * (offset / width);
        hashes.push(Buffer.from(this.levels[k]!.subarray(at, at + HASH_SIZE)));
        offset += width;
      }
    }
    return hashes;
  }
}
