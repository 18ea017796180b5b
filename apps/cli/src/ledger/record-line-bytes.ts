import { CANONICAL_RECORD_VERSION, type StayInput } from '#domain';
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { type ByteSink, bodyStrings, ensure, integerEnd, writeJcsFromBytes } from './jcs-from-bytes.js';
import { recordTimeAt } from './record-time.js';
import { STAY_BODY_KEYS } from './stay-transfer.js';

const DECLINED = -1;
const TWO_32 = 0x1_0000_0000;
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** The exporter's field order; every field but idx is preceded by `,"name":`. */
const FIELDS = [
  'logId', 'id', 'kind', 'type', 'occurredAt', 'recordedAt', 'source', 'sourceSeq', 'attemptId', 'personId', 'areaId', 'doorId',
  'readerId', 'outcome', 'reason', 'body', 'leafHash',
] as const;
const KEY = Object.fromEntries(FIELDS.map((f) => [f, Buffer.from(`,"${f}":`)])) as Record<(typeof FIELDS)[number], Buffer>;
const RECORD_START = Buffer.from('{"idx":');
const PRUNED_MIDDLE = Buffer.from(',"pruned":true,"leafHash":');

/**
 * The verifier's fast path for the lines `ledger export` writes: from a line's UTF-8 bytes straight to the
 * record's canonical bytes and leaf hash, without JSON.parse, a LedgerRecord or a string per field. It takes
 * only the exporter's exact shape — its field order, no spaces outside the body, strings without escapes,
 * plain integers, the log id it was given — and declines any other line (read() is false). A declined line
 * goes through parseRecordLine and the domain encoder as before, so every line gets the same verdict either
 * way; the tests compare the two paths' bytes.
 */
export class RecordLineReader {
  private readonly out: ByteSink = { buf: Buffer.alloc(4096), pos: 0, nonAscii: false };
  private readonly logId: Buffer;
  private readonly body = bodyStrings(STAY_BODY_KEYS);
  private readonly kinds = new ShortStrings();
  private src: Buffer = Buffer.alloc(0);
  private at = 0;
  private readonly pos = { attemptId: 0, personId: 0, areaId: 0, doorId: 0 };
  private readonly end = { attemptId: 0, personId: 0, areaId: 0, doorId: 0 };

  idx = 0;
  /** A leaf-only line (a record pruned by retention). */
  pruned = false;
  /** SHA-256(0x00 ‖ canonical bytes) as a 'binary' string; undefined for a pruned line. */
  leaf: string | undefined;
  /** The leaf hash stored on the line. */
  storedLeaf: Buffer = Buffer.alloc(0);
  kind = '';
  type = '';
  outcome: string | null = null;
  occurredAt = 0;
  recordedAt = 0;

  constructor(readonly expectedLogId: string) {
    this.logId = Buffer.from(expectedLogId, 'utf8');
  }

  /** Reads src[start, end) (one line, no newline). False: not the plain exporter shape, use parseRecordLine. */
  read(src: Buffer, start: number, end: number): boolean {
    this.src = src;
    this.at = start;
    this.out.nonAscii = false;
    if (!this.literal(RECORD_START)) return false;
    const idx = this.integer(end);
    if (idx < 0) return false;
    this.idx = idx;
    if (src[this.at] === 0x2c && src[this.at + 2] === 0x70) return this.prunedLine(end); // ,"pruned":…
    this.pruned = false;
    const out = this.out;
    out.pos = 1; // byte 0 is the leaf prefix, written at hashing time
    put(out, CANONICAL_RECORD_VERSION);
    if (!this.key(KEY.logId) || !this.logIdMatches(end)) return false;
    int64(out, idx);
    if (!this.key(KEY.id) || !this.uuid(end)) return false;
    if (!this.key(KEY.kind)) return false;
    const kind = this.canonicalString(end);
    if (kind < 0) return false;
    if (!this.key(KEY.type)) return false;
    const type = this.canonicalString(end);
    if (type < 0) return false;
    this.kind = this.kinds.get(src, kind + 1, type - KEY.type.length - 1);
    this.type = this.kinds.get(src, type + 1, this.at - 1);
    if (!this.key(KEY.occurredAt) || (this.occurredAt = this.time(end)) === DECLINED) return false;
    if (!this.key(KEY.recordedAt) || (this.recordedAt = this.time(end)) === DECLINED) return false;
    if (!this.key(KEY.source) || this.canonicalString(end) < 0) return false;
    if (!this.key(KEY.sourceSeq) || !this.optionalInteger(end)) return false;
    if (!this.key(KEY.attemptId) || !this.optionalUuid(end, 'attemptId')) return false;
    if (!this.key(KEY.personId) || !this.optionalUuid(end, 'personId')) return false;
    if (!this.key(KEY.areaId) || !this.optionalString(end, 'areaId')) return false;
    if (!this.key(KEY.doorId) || !this.optionalString(end, 'doorId')) return false;
    if (!this.key(KEY.readerId) || !this.optionalString(end)) return false;
    if (!this.key(KEY.outcome)) return false;
    const outcome = this.at;
    if (!this.optionalString(end)) return false;
    this.outcome = src[outcome] === 0x22 ? this.kinds.get(src, outcome + 1, this.at - 1) : null;
    if (!this.key(KEY.reason) || !this.optionalString(end)) return false;
    if (!this.key(KEY.body)) return false;
    const lengthAt = out.pos;
    out.pos += 4;
    const bodyEnd = writeJcsFromBytes(src, this.at, end, out, this.body);
    if (bodyEnd < 0) return false;
    out.buf.writeUInt32BE(out.pos - lengthAt - 4, lengthAt);
    this.at = bodyEnd;
    if (!this.key(KEY.leafHash) || !this.leafHashToEnd(end)) return false;
    // Strings are copied as bytes; the slow path would have decoded them, so they must be valid UTF-8 to agree.
    if (out.nonAscii && !isUtf8(src.subarray(start, end))) return false;
    out.buf[0] = 0x00;
    this.leaf = hash('sha256', out.buf.subarray(0, out.pos), 'binary');
    return true;
  }

  /** What the ledger rebuild needs of the record just read (only asked for records that affect stays). */
  stayInput(): StayInput {
    const src = this.src;
    const text = (start: number, end: number) => (start < 0 ? null : src.toString('utf8', start, end));
    const body: Record<string, string> = {};
    STAY_BODY_KEYS.forEach((k, i) => {
      if (this.body.starts[i]! >= 0) body[k] = src.toString('utf8', this.body.starts[i], this.body.ends[i]);
    });
    return {
      idx: this.idx, kind: this.kind, type: this.type, outcome: this.outcome, occurredAt: new Date(this.occurredAt), recordedAt: new Date(this.recordedAt),
      attemptId: text(this.pos.attemptId, this.end.attemptId), personId: text(this.pos.personId, this.end.personId),
      areaId: text(this.pos.areaId, this.end.areaId), doorId: text(this.pos.doorId, this.end.doorId), body,
    };
  }

  private prunedLine(end: number): boolean {
    if (!this.literal(PRUNED_MIDDLE) || !this.leafHashToEnd(end)) return false;
    this.pruned = true;
    this.leaf = undefined;
    return true;
  }

  private literal(bytes: Buffer): boolean {
    const src = this.src;
    const at = this.at;
    for (let i = 0; i < bytes.length; i++) if (src[at + i] !== bytes[i]) return false;
    this.at = at + bytes.length;
    return true;
  }

  private key(bytes: Buffer): boolean {
    return this.literal(bytes);
  }

  private isNull(): boolean {
    const src = this.src;
    const at = this.at;
    if (src[at] !== NULL[0] || src[at + 1] !== NULL[1] || src[at + 2] !== NULL[2] || src[at + 3] !== NULL[3]) return false;
    this.at = at + 4;
    return true;
  }

  /** A non-negative integer of at most 15 digits (what Number.isSafeInteger accepts, written plainly). */
  private integer(end: number): number {
    const src = this.src;
    const stop = integerEnd(src, this.at, end);
    if (stop < 0 || src[this.at] === 0x2d) return DECLINED;
    let n = 0;
    for (let i = this.at; i < stop; i++) n = n * 10 + src[i]! - 0x30;
    this.at = stop;
    return n;
  }

  /**
   * A string written as the canonical form's u32 length and UTF-8 bytes, copied while it is checked (one pass);
   * returns the position of its opening quote.
   */
  private canonicalString(end: number): number {
    const src = this.src;
    const start = this.at;
    if (src[start] !== 0x22) return DECLINED;
    const out = this.out;
    ensure(out, 4 + end - start);
    const buf = out.buf;
    const lengthAt = out.pos;
    let o = lengthAt + 4;
    for (let i = start + 1; i < end; i++) {
      const c = src[i]!;
      if (c === 0x22) {
        buf.writeUInt32BE(o - lengthAt - 4, lengthAt);
        out.pos = o;
        this.at = i + 1;
        return start;
      }
      if (c === 0x5c || c < 0x20) return DECLINED;
      if (c >= 0x80) out.nonAscii = true;
      buf[o++] = c;
    }
    return DECLINED;
  }

  private logIdMatches(end: number): boolean {
    const start = this.at;
    if (this.canonicalString(end) < 0 || this.at - start - 2 !== this.logId.length) return false;
    for (let i = 0; i < this.logId.length; i++) if (this.src[start + 1 + i] !== this.logId[i]) return false;
    return true;
  }

  private optionalString(end: number, field?: 'areaId' | 'doorId'): boolean {
    if (this.isNull()) {
      put(this.out, 0);
      if (field) this.pos[field] = DECLINED;
      return true;
    }
    put(this.out, 1);
    const start = this.canonicalString(end);
    if (field) {
      this.pos[field] = start + 1;
      this.end[field] = this.at - 1;
    }
    return start >= 0;
  }

  private optionalInteger(end: number): boolean {
    if (this.isNull()) {
      put(this.out, 0);
      return true;
    }
    const n = this.integer(end);
    if (n < 0) return false;
    put(this.out, 1);
    int64(this.out, n);
    return true;
  }

  private optionalUuid(end: number, field: 'attemptId' | 'personId'): boolean {
    if (this.isNull()) {
      put(this.out, 0);
      this.pos[field] = DECLINED;
      return true;
    }
    put(this.out, 1);
    this.pos[field] = this.at + 1;
    this.end[field] = this.at + 37;
    return this.uuid(end);
  }

  /** "8-4-4-4-12" hex (any case) as its 16 bytes, as ByteWriter.uuid writes it. */
  private uuid(end: number): boolean {
    const src = this.src;
    const at = this.at;
    if (at + 38 > end || src[at] !== 0x22 || src[at + 37] !== 0x22) return false;
    if (src[at + 9] !== 0x2d || src[at + 14] !== 0x2d || src[at + 19] !== 0x2d || src[at + 24] !== 0x2d) return false;
    const out = this.out;
    ensure(out, 16);
    for (let i = 0; i < 16; i++) {
      const h = at + 1 + UUID_HEX_OFFSETS[i]!;
      const hi = HEX[src[h]!]!;
      const lo = HEX[src[h + 1]!]!;
      if ((hi | lo) < 0) return false;
      out.buf[out.pos++] = (hi << 4) | lo;
    }
    this.at = at + 38;
    return true;
  }

  /** A quoted record time, as epoch milliseconds into the canonical bytes; DECLINED if it is not one. */
  private time(end: number): number {
    const at = this.at;
    if (at + 29 > end || this.src[at] !== 0x22 || this.src[at + 28] !== 0x22) return DECLINED;
    const ms = recordTimeAt(this.src, at + 1);
    if (ms === undefined) return DECLINED;
    int64(this.out, ms);
    this.at = at + 29;
    return ms;
  }

  /** `"<canonical base64 of 32 bytes>"}` and the end of the line. */
  private leafHashToEnd(end: number): boolean {
    const src = this.src;
    const at = this.at;
    if (at + 47 !== end || src[at] !== 0x22 || src[at + 44] !== 0x3d || src[at + 45] !== 0x22 || src[at + 46] !== 0x7d) return false;
    const bytes = Buffer.allocUnsafe(32);
    let acc = 0;
    let bits = 0;
    let n = 0;
    for (let i = at + 1; i < at + 44; i++) {
      const v = BASE64[src[i]!]!;
      if (v < 0) return false;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[n++] = (acc >> bits) & 0xff;
      }
    }
    if ((acc & ((1 << bits) - 1)) !== 0) return false; // canonical: the unused low bits are zero
    this.storedLeaf = bytes;
    return true;
  }
}

function put(out: ByteSink, byte: number): void {
  ensure(out, 1);
  out.buf[out.pos++] = byte;
}

/** A safe integer as 64-bit two's complement, big-endian (as ByteWriter.i64). */
function int64(out: ByteSink, value: number): void {
  const high = Math.floor(value / TWO_32);
  ensure(out, 8);
  out.buf.writeInt32BE(high, out.pos);
  out.buf.writeUInt32BE(value - high * TWO_32, out.pos + 4);
  out.pos += 8;
}

const UUID_HEX_OFFSETS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX = new Int8Array(256).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX['0123456789abcdef'.charCodeAt(d)] = d;
  HEX['0123456789ABCDEF'.charCodeAt(d)] = d;
}
const BASE64 = new Int8Array(256).fill(-1);
for (let d = 0; d < 64; d++) BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(d)] = d;

/** Decoded short strings (kinds, types, outcomes) kept by their bytes: a log has few distinct ones. */
class ShortStrings {
  private readonly byLength = new Map<number, Array<{ bytes: Buffer; text: string }>>();
  private size = 0;

  get(src: Buffer, start: number, end: number): string {
    const length = end - start;
    const known = this.byLength.get(length);
    if (known) {
      next: for (const k of known) {
        for (let i = 0; i < length; i++) if (k.bytes[i] !== src[start + i]) continue next;
        return k.text;
      }
    }
    const text = src.toString('utf8', start, end);
    if (this.size < 256) {
      this.size++;
      if (known) known.push({ bytes: Buffer.from(src.subarray(start, end)), text });
      else this.byLength.set(length, [{ bytes: Buffer.from(src.subarray(start, end)), text }]);
    }
    return text;
  }
}
