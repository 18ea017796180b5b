import { Buffer, isUtf8 } from 'node:buffer';
import { CANONICAL_RECORD_VERSION, type LedgerRecord } from './canonical-record.js';
import { canonicalJson } from './jcs.js';

export interface RecordDecodeError {
  readonly code: 'malformed-record' | 'unsupported-version';
  readonly message: string;
  /** Byte offset where decoding stopped. */
  readonly offset: number;
}

export type RecordDecodeResult =
  | { readonly ok: true; readonly record: LedgerRecord }
  | { readonly ok: false; readonly error: RecordDecodeError };

class Malformed extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Reads canonical record bytes back into a record, accepting only the canonical form: for any accepted
 * input, encodeRecord(decodeRecord(bytes).record) equals bytes. UUIDs come back lower-case, the body as
 * parsed JSON. For auditors and exports; never throws.
 */
export function decodeRecord(bytes: Uint8Array): RecordDecodeResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > buf.length) throw new Malformed('truncated', pos);
  };
  const u8 = (): number => (need(1), buf[pos++]!);
  const i64 = (): number => {
    need(8);
    const value = buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
    if (!Number.isSafeInteger(value)) throw new Malformed('integer outside the safe range', pos);
    pos += 8;
    return value;
  };
  const str = (): string => {
    need(4);
    const len = buf.readUInt32BE(pos);
    pos += 4;
    need(len);
    const slice = buf.subarray(pos, pos + len);
    if (!isUtf8(slice)) throw new Malformed('invalid UTF-8', pos);
    pos += len;
    return slice.toString('utf8');
  };
  const uuid = (): string => {
    need(16);
    const h = buf.toString('hex', pos, pos + 16);
    pos += 16;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const optional = <T>(read: () => T): T | undefined => {
    const flag = u8();
    if (flag > 1) throw new Malformed(`presence flag ${flag} is neither 0 nor 1`, pos - 1);
    return flag === 1 ? read() : undefined;
  };

  try {
    const version = u8();
    if (version !== CANONICAL_RECORD_VERSION) {
      return { ok: false, error: { code: 'unsupported-version', message: `version ${version}`, offset: 0 } };
    }
    const logId = str();
    const idx = i64();
    if (idx < 0) throw new Malformed('negative idx', pos - 8);
    const record: LedgerRecord = {
      logId,
      idx,
      id: uuid(),
      kind: str(),
      type: str(),
      occurredAt: new Date(i64()),
      recordedAt: new Date(i64()),
      source: str(),
      sourceSeq: optional(i64),
      attemptId: optional(uuid),
      personId: optional(uuid),
      areaId: optional(str),
      doorId: optional(str),
      readerId: optional(str),
      outcome: optional(str),
      reason: optional(str),
      body: readBody(str(), pos),
    };
    if (pos !== buf.length) throw new Malformed(`${buf.length - pos} trailing bytes`, pos);
    for (const [field, date] of [['occurredAt', record.occurredAt], ['recordedAt', record.recordedAt]] as const) {
      if (Number.isNaN(date.getTime())) throw new Malformed(`${field} outside the Date range`, 0);
    }
    return { ok: true, record: stripAbsent(record) };
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, error: { code: 'malformed-record', message: e.message, offset: e.offset } };
    throw e;
  }
}

function readBody(text: string, end: number): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Malformed('body is not JSON', end);
  }
  // Only the canonical spelling is accepted, so every record has exactly one encoding.
  let canonical: string | undefined;
  try {
    canonical = canonicalJson(body);
  } catch {
    canonical = undefined;
  }
  if (canonical !== text) throw new Malformed('body is not RFC 8785 canonical JSON', end);
  return body;
}

function stripAbsent(record: LedgerRecord): LedgerRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out as unknown as LedgerRecord;
}
