import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';

/** SHA-256 digests are 32 bytes; every hash in the ledger is one. */
export const HASH_SIZE = 32;

/** A SHA-256 digest. Functions here return Buffers (a Uint8Array subclass) and accept any Uint8Array. */
export type Hash = Uint8Array;

/**
 * One-shot SHA-256. `crypto.hash` returning a 'binary' (latin1) string and copying it into a pooled
 * Buffer is about twice as fast as asking it for a Buffer, which allocates an ArrayBuffer in C++ each call.
 */
export function sha256(data: Uint8Array): Buffer {
  return Buffer.from(hash('sha256', data, 'binary'), 'binary');
}

// Hashing is synchronous, so one scratch buffer per shape is safe to reuse between calls.
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;
let leafScratch = Buffer.alloc(1024);

/** RFC 6962 §2.1 leaf hash: SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Buffer {
  if (leafScratch.length < data.length + 1) leafScratch = Buffer.alloc(2 * (data.length + 1));
  leafScratch[0] = 0x00;
  leafScratch.set(data, 1);
  return sha256(leafScratch.subarray(0, data.length + 1));
}

/** RFC 6962 §2.1 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) throw new RangeError('nodeHash: children must be 32-byte hashes');
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256(nodeScratch);
}

/**
 * nodeHash over 'binary' strings (32 chars, one byte each). The tree-building hot paths keep hashes in this
 * form: strings are immutable, compare with ===, and skip a Buffer allocation per node.
 */
export function nodeHashBinary(left: string, right: string): string {
  nodeScratch.write(left, 1, HASH_SIZE, 'latin1');
  nodeScratch.write(right, 1 + HASH_SIZE, HASH_SIZE, 'latin1');
  return hash('sha256', nodeScratch, 'binary');
}

/** A Buffer hash as a 'binary' string, and back. */
export function toBinary(h: Uint8Array): string {
  // A Buffer converts directly; wrapping it in another view first costs a noticeable share of the leaf path.
  return h instanceof Buffer ? h.toString('latin1') : Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('latin1');
}

export function fromBinary(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** Compares a 'binary' string hash with a byte hash without converting either (a short JS loop). */
export function binaryEquals(binary: string, bytes: Uint8Array): boolean {
  if (binary.length !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (binary.charCodeAt(i) !== bytes[i]) return false;
  return true;
}

/** MTH({}) — the root of the empty tree is the hash of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT: Buffer = sha256(new Uint8Array(0));

/** Byte equality of two digests. Hashes here are public, so no constant-time compare is needed. */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** The same bytes as a Buffer (no copy), so results can promise Buffer even when given plain Uint8Arrays. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when `value` is a Uint8Array of exactly HASH_SIZE bytes. */
export function isHash(value: unknown): value is Hash {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/**
 * leafHash of buf[start, end) as a 'binary' string, hashed in place: the byte before `start` (a length
 * prefix, say) is set to 0x00 for the call and put back. Needs start ≥ 1. The verifier's hot path: no copy.
 */
export function leafHashInPlace(buf: Buffer, start: number, end: number): string {
  const saved = buf[start - 1]!;
  buf[start - 1] = 0x00;
  const leaf = hash('sha256', buf.subarray(start - 1, end), 'binary');
  buf[start - 1] = saved;
  return leaf;
}
