import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { HASH_BYTES } from './export-layout.js';

/**
 * The stored leaf hashes of indexes [start, start + count) from nodes/level-00.bin, in one read: shorter where
 * the file ends, empty when there is no file. A deleted record's slot is 32 zero bytes.
 */
export function readStoredLeaves(path: string | undefined, start: number, count: number): Buffer {
  const buf = Buffer.alloc(count * HASH_BYTES);
  if (!path || !existsSync(path)) return buf.subarray(0, 0);
  const fd = openSync(path, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, start * HASH_BYTES));
  } finally {
    closeSync(fd);
  }
}

/** Leaf i of such a range, or undefined when it is absent (beyond the file, or zero). */
export function storedLeafAt(leaves: Buffer, i: number): Buffer | undefined {
  if (i < 0) return undefined;
  const leaf = leaves.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
  return leaf.length === HASH_BYTES && leaf.some((b) => b !== 0) ? leaf : undefined;
}
