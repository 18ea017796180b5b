import { Buffer } from 'node:buffer';
import { isWellFormedString } from './unicode.js';

const TWO_32 = 0x1_0000_0000;

/** Thrown when a value cannot be written canonically; `field` names the record field. */
export class CanonicalRecordError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CanonicalRecordError';
  }
}

/**
 * Appends big-endian integers, length-prefixed UTF-8 and raw UUIDs to one growing buffer. It is reused
 * across records (reset() rather than reallocating) because allocation dominates small encodings.
 */
export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 512) {
    this.buf = Buffer.alloc(initialSize);
  }

  reset(pos = 0): void {
    this.pos = pos;
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  /** Unsigned 32-bit, big-endian. */
  u32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(value, this.pos);
    this.pos += 4;
  }

  /** A safe integer as 64-bit two's complement, big-endian (high word = floor(v / 2^32)). */
  i64(field: string, value: number): void {
    if (!Number.isSafeInteger(value)) throw new CanonicalRecordError(field, `${String(value)} is not a safe integer`);
    const high = Math.floor(value / TWO_32);
    this.ensure(8);
    this.buf.writeInt32BE(high, this.pos);
    this.buf.writeUInt32BE(value - high * TWO_32, this.pos + 4);
    this.pos += 8;
  }

  /** u32 byte length, then the UTF-8 bytes. Rejects lone surrogates, which UTF-8 cannot carry. */
  str(field: string, value: string): void {
    if (typeof value !== 'string') throw new CanonicalRecordError(field, 'must be a string');
    const len = value.length;
    this.ensure(4 + 3 * len);
    const buf = this.buf;
    const start = this.pos + 4;
    // Copy short ASCII strings in JS (cheaper than a native call); hand the rest to Buffer.write.
    let i = 0;
    if (len <= 32) {
      for (; i < len; i++) {
        const c = value.charCodeAt(i);
        if (c > 0x7f) break;
        buf[start + i] = c;
      }
    }
    let bytes = i;
    if (i < len) {
      if (!isWellFormedString(value)) throw new CanonicalRecordError(field, 'contains a lone UTF-16 surrogate');
      bytes = i + buf.write(value.slice(i), start + i, 'utf8');
    }
    buf.writeUInt32BE(bytes, this.pos);
    this.pos = start + bytes;
  }

  /** A UUID in 8-4-4-4-12 hex form (any case) as its 16 raw bytes, so "A…" and "a…" encode the same. */
  uuid(field: string, value: string): void {
    if (
      typeof value !== 'string' ||
      value.length !== 36 ||
      value.charCodeAt(8) !== 0x2d ||
      value.charCodeAt(13) !== 0x2d ||
      value.charCodeAt(18) !== 0x2d ||
      value.charCodeAt(23) !== 0x2d
    ) {
      throw new CanonicalRecordError(field, 'must be a UUID');
    }
    this.ensure(16);
    const buf = this.buf;
    const out = this.pos;
    for (let i = 0; i < 16; i++) {
      const at = UUID_HEX_OFFSETS[i]!;
      const hi = hexValue(value.charCodeAt(at));
      const lo = hexValue(value.charCodeAt(at + 1));
      if ((hi | lo) < 0) throw new CanonicalRecordError(field, 'must be a UUID');
      buf[out + i] = (hi << 4) | lo;
    }
    this.pos = out + 16;
  }

  /** A copy of bytes [from, pos). */
  copy(from = 0): Buffer {
    return Buffer.from(this.buf.subarray(from, this.pos));
  }
}

/** Where each byte's two hex digits start in the 8-4-4-4-12 form. */
const UUID_HEX_OFFSETS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(d)] = d;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(d)] = d;
}

function hexValue(c: number): number {
  return c < 128 ? HEX_VALUES[c]! : -1;
}
