import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import { ByteWriter, CanonicalRecordError } from './byte-writer.js';
import { CanonicalJsonError, writeCanonicalJson } from './jcs.js';

export { CanonicalRecordError } from './byte-writer.js';

/** First byte of every canonical record. A new encoding gets a new version; old leaves keep theirs. */
export const CANONICAL_RECORD_VERSION = 0x01;

/**
 * One access-log record as stored (the api's `access_log` row). The api's `LogRecord` is assignable to it.
 * Optional fields may be `undefined` or `null`; both mean "absent" and encode the same.
 */
export interface LedgerRecord {
  readonly logId: string;
  /** Position in the log, 0-based and dense: the Merkle leaf index. */
  readonly idx: number;
  /** UUID assigned where the fact was born (bridge event id, attempt id). */
  readonly id: string;
  readonly kind: string;
  readonly type: string;
  /** The source's clock (bridge), millisecond precision. */
  readonly occurredAt: Date;
  /** The api's receipt time, millisecond precision. */
  readonly recordedAt: Date;
  readonly source: string;
  readonly sourceSeq?: number | null;
  readonly attemptId?: string | null;
  readonly personId?: string | null;
  readonly areaId?: string | null;
  readonly doorId?: string | null;
  readonly readerId?: string | null;
  readonly outcome?: string | null;
  readonly reason?: string | null;
  /** Any JSON value (normally an object); canonicalised with RFC 8785 JCS. */
  readonly body: unknown;
}

const writer = new ByteWriter(1024);

/**
 * The canonical bytes of a record (layout in README.md). Throws CanonicalRecordError for a record that has
 * no canonical form (bad UUID, invalid Date, unsafe integer, non-JSON body, lone surrogate).
 */
export function encodeRecord(record: LedgerRecord): Buffer {
  writeRecord(record, 0);
  return writer.copy(0);
}

/**
 * RFC 6962 leaf hash of the record's canonical bytes: SHA-256(0x00 ‖ encodeRecord(record)). Encodes behind a
 * reserved prefix byte so the bytes are hashed in place, without a copy.
 */
export function recordLeafHash(record: LedgerRecord): Buffer {
  return Buffer.from(recordLeafHashBinary(record), 'binary');
}

/** recordLeafHash as a 32-character 'binary' string: the verifier's hot path compares these without Buffers. */
export function recordLeafHashBinary(record: LedgerRecord): string {
  writeRecord(record, 1);
  writer.buf[0] = 0x00;
  return hash('sha256', writer.buf.subarray(0, writer.pos), 'binary');
}

function writeRecord(r: LedgerRecord, offset: number): void {
  if (typeof r !== 'object' || r === null) throw new CanonicalRecordError('record', 'must be an object');
  const w = writer;
  w.reset(offset);
  w.u8(CANONICAL_RECORD_VERSION);
  w.str('logId', r.logId);
  if (!(r.idx >= 0)) throw new CanonicalRecordError('idx', 'must be a non-negative integer');
  w.i64('idx', r.idx);
  w.uuid('id', r.id);
  w.str('kind', r.kind);
  w.str('type', r.type);
  w.i64('occurredAt', epochMillis('occurredAt', r.occurredAt));
  w.i64('recordedAt', epochMillis('recordedAt', r.recordedAt));
  w.str('source', r.source);
  if (r.sourceSeq == null) {
    w.u8(0);
  } else {
    w.u8(1);
    w.i64('sourceSeq', r.sourceSeq);
  }
  optionalUuid('attemptId', r.attemptId);
  optionalUuid('personId', r.personId);
  optionalStr('areaId', r.areaId);
  optionalStr('doorId', r.doorId);
  optionalStr('readerId', r.readerId);
  optionalStr('outcome', r.outcome);
  optionalStr('reason', r.reason);
  // The body is written in place behind a length prefix that is filled in afterwards.
  const lengthAt = w.pos;
  w.u32(0);
  try {
    writeCanonicalJson(w, r.body);
  } catch (e) {
    if (e instanceof CanonicalJsonError) throw new CanonicalRecordError(`body${e.path.slice(1)}`, e.reason);
    throw e;
  }
  w.buf.writeUInt32BE(w.pos - lengthAt - 4, lengthAt);
}

function optionalStr(field: string, value: string | null | undefined): void {
  if (value == null) return writer.u8(0);
  writer.u8(1);
  writer.str(field, value);
}

function optionalUuid(field: string, value: string | null | undefined): void {
  if (value == null) return writer.u8(0);
  writer.u8(1);
  writer.uuid(field, value);
}

function epochMillis(field: string, value: Date): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new CanonicalRecordError(field, 'must be a valid Date');
  return ms;
}
