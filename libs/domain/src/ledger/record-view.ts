import { Buffer } from 'node:buffer';
import { CANONICAL_RECORD_VERSION } from './canonical-record.js';
import type { StayInput } from './project-stays.js';

// The fields of a canonical record in order (README §1): a text has a u32 length, an i64 or a time takes 8 bytes,
// a uuid 16 (field 0, the version byte, is checked on its own); OPT marks an optional field (a presence flag first).
const TEXT = 0;
const OPT = 0x100;
const LAYOUT = [TEXT, TEXT, 8, 16, TEXT, TEXT, 8, 8, TEXT, OPT | 8, OPT | 16, OPT | 16, OPT | TEXT, OPT | TEXT, OPT | TEXT, OPT | TEXT, OPT | TEXT, TEXT];
/** Two lower-case hex digits per byte value: formatting a UUID by table beats hex-encoding and slicing. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const F = { logId: 1, idx: 2, id: 3, kind: 4, type: 5, occurredAt: 6, recordedAt: 7, attemptId: 10, personId: 11, areaId: 12, doorId: 13, outcome: 15, body: 17 } as const;

/**
 * One canonical record read in place: `walk` follows its lengths once, checking the framing (version, lengths,
 * presence flags, and that the fields account for every byte), and remembers where each field is; the getters
 * then read just the fields asked for. The offline verifier's fast path, which hashes the bytes and needs only a
 * few fields of a few records. It does not check UTF-8 or the body's JCS form: decodeRecord is the strict reader.
 */
export class RecordView {
  private buf: Buffer = Buffer.alloc(0);
  /** Offset of each field's value (after its length or presence flag); -1 for an absent optional field. */
  private readonly at = new Int32Array(LAYOUT.length);
  private readonly len = new Int32Array(LAYOUT.length);

  /** Reads buf[start, end); returns why it is not a canonical record's framing, or undefined. */
  walk(buf: Buffer, start: number, end: number): string | undefined {
    this.buf = buf;
    if (start >= end) return 'empty record';
    if (buf[start] !== CANONICAL_RECORD_VERSION) return `version ${buf[start]}`;
    let pos = start + 1;
    for (let f = 1; f < LAYOUT.length; f++) {
      let size = LAYOUT[f]!;
      if (size >= OPT) {
        if (pos >= end) return `truncated at field ${f}`;
        const flag = buf[pos++];
        if (flag === 0) {
          this.at[f] = -1;
          continue;
        }
        if (flag !== 1) return `presence flag ${flag} of field ${f} is neither 0 nor 1`;
        size &= 0xff;
      }
      if (size === TEXT) {
        if (pos + 4 > end) return `truncated at field ${f}`;
        size = buf.readUInt32BE(pos);
        pos += 4;
      }
      if (pos + size > end) return `truncated at field ${f}`;
      this.at[f] = pos;
      this.len[f] = size;
      pos += size;
    }
    return pos === end ? undefined : `${end - pos} trailing bytes`;
  }

  /** True when the field (logId, kind, …) is present and holds exactly these bytes: a test that makes no string. */
  is(field: keyof typeof F, bytes: Uint8Array): boolean {
    const f = F[field];
    const at = this.at[f]!;
    if (at < 0 || this.len[f] !== bytes.length) return false;
    for (let i = 0; i < bytes.length; i++) if (this.buf[at + i] !== bytes[i]) return false;
    return true;
  }

  get idx(): number {
    return this.i64(F.idx);
  }
  get logId(): string {
    return this.text(F.logId)!;
  }
  get kind(): string {
    return this.text(F.kind)!;
  }
  get type(): string {
    return this.text(F.type)!;
  }
  get outcome(): string | null {
    return this.text(F.outcome);
  }

  /** What the ledger rebuild reads (StayProjector). Throws a SyntaxError when the body is not JSON. */
  stayInput(): StayInput {
    return {
      idx: this.idx, kind: this.kind, type: this.type, outcome: this.outcome,
      occurredAt: new Date(this.i64(F.occurredAt)), recordedAt: new Date(this.i64(F.recordedAt)),
      attemptId: this.uuid(F.attemptId), personId: this.uuid(F.personId), areaId: this.text(F.areaId), doorId: this.text(F.doorId),
      body: JSON.parse(this.text(F.body)!) as unknown,
    };
  }

  private i64(f: number): number {
    const at = this.at[f]!;
    return this.buf.readInt32BE(at) * 0x1_0000_0000 + this.buf.readUInt32BE(at + 4);
  }

  private text(f: number): string | null {
    const at = this.at[f]!;
    return at < 0 ? null : this.buf.toString('utf8', at, at + this.len[f]!);
  }

  private uuid(f: number): string | null {
    const at = this.at[f]!;
    if (at < 0) return null;
    const b = this.buf;
    let text = '';
    for (let i = 0; i < 16; i++) text += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + HEX[b[at + i]!];
    return text;
  }
}
