import type { LedgerRecord } from '#domain';

/**
 * A line of records/*.ndjson, read back strictly: anything but the exporter's exact shapes is refused. A record
 * pruned by retention is a leaf-only line `{"idx":…,"pruned":true,"leafHash":"…"}` (format version 2).
 */
export type ParsedLine =
  | { readonly record: LedgerRecord; readonly leafHash: Buffer }
  | { readonly record?: undefined; readonly idx: number; readonly leafHash: Buffer }
  | { readonly error: string };

const PRUNED_KEYS = ['idx', 'pruned', 'leafHash'] as const;

const KEYS = [
  'idx', 'logId', 'id', 'kind', 'type', 'occurredAt', 'recordedAt', 'source', 'sourceSeq', 'attemptId', 'personId', 'areaId', 'doorId',
  'readerId', 'outcome', 'reason', 'body', 'leafHash',
] as const;
const OPTIONAL_TEXT = ['attemptId', 'personId', 'areaId', 'doorId', 'readerId', 'outcome', 'reason'] as const;

export function parseRecordLine(text: string): ParsedLine {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { error: `not JSON (${(e as Error).message})` };
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return { error: 'not a JSON object' };
  let keys = 0;
  for (const k in o) keys++;
  if ('pruned' in o) return parsePrunedLine(o, keys);
  if (keys !== KEYS.length || !KEYS.every((k) => k in o)) return { error: `fields must be exactly ${KEYS.join(', ')}` };
  if (!Number.isSafeInteger(o.idx) || (o.idx as number) < 0) return { error: 'idx is not an index' };
  for (const k of ['logId', 'id', 'kind', 'type', 'source'] as const) if (typeof o[k] !== 'string') return { error: `${k} is not a string` };
  for (const k of OPTIONAL_TEXT) if (o[k] !== null && typeof o[k] !== 'string') return { error: `${k} is neither null nor a string` };
  if (o.sourceSeq !== null && !Number.isSafeInteger(o.sourceSeq)) return { error: 'sourceSeq is neither null nor an integer' };
  const occurredAt = time(o.occurredAt);
  const recordedAt = time(o.recordedAt);
  if (typeof occurredAt === 'string') return { error: `occurredAt ${occurredAt}` };
  if (typeof recordedAt === 'string') return { error: `recordedAt ${recordedAt}` };
  const leafHash = hash(o.leafHash);
  if (!leafHash) return { error: 'leafHash is not base64 of 32 bytes' };
  const record = o as unknown as LedgerRecord & { occurredAt: Date; recordedAt: Date };
  record.occurredAt = occurredAt;
  record.recordedAt = recordedAt;
  delete (o as { leafHash?: unknown }).leafHash;
  return { record, leafHash };
}

/** A record pruned by retention: its index and stored leaf hash are all that is left. */
function parsePrunedLine(o: Record<string, unknown>, keys: number): ParsedLine {
  if (keys !== PRUNED_KEYS.length || !PRUNED_KEYS.every((k) => k in o)) return { error: `a pruned record's fields must be exactly ${PRUNED_KEYS.join(', ')}` };
  if (o.pruned !== true) return { error: 'pruned is not true' };
  if (!Number.isSafeInteger(o.idx) || (o.idx as number) < 0) return { error: 'idx is not an index' };
  const leafHash = hash(o.leafHash);
  if (!leafHash) return { error: 'leafHash is not base64 of 32 bytes' };
  return { idx: o.idx as number, leafHash };
}

/** Canonical base64 of exactly 32 bytes, else undefined. */
function hash(value: unknown): Buffer | undefined {
  const b = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  return b && b.length === 32 && b.toString('base64') === value ? b : undefined;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`. The canonical bytes hold milliseconds, and the api writes whole milliseconds, so
 * a time with microseconds was not written by the api: it is refused rather than silently truncated.
 * Read digit by digit: Date.parse was a fifth of the whole verification.
 */
function time(value: unknown): Date | string {
  if (typeof value !== 'string' || value.length !== 27 || value.charCodeAt(26) !== 90 /* Z */) return 'is not a UTC time with microseconds';
  if (!value.endsWith('000Z')) return `${value} has sub-millisecond digits the api never writes`;
  const ms = utcMillis(value);
  return ms === undefined ? `${value} is not a valid time` : new Date(ms);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function utcMillis(v: string): number | undefined {
  const c = (i: number) => v.charCodeAt(i);
  if (c(4) !== 45 || c(7) !== 45 || c(10) !== 84 || c(13) !== 58 || c(16) !== 58 || c(19) !== 46) return undefined; // - - T : : .
  const y = digits(v, 0, 4);
  const mo = digits(v, 5, 7);
  const d = digits(v, 8, 10);
  const h = digits(v, 11, 13);
  const mi = digits(v, 14, 16);
  const s = digits(v, 17, 19);
  const milli = digits(v, 20, 23);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1]! + (mo === 2 && leap ? 1 : 0) && h <= 23 && mi <= 59 && s <= 59 && milli >= 0)) return undefined;
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, milli);
  const early = new Date(0); // Date.UTC reads years 0–99 as 1900–1999
  early.setUTCFullYear(y, mo - 1, d);
  return early.setUTCHours(h, mi, s, milli);
}

/** The decimal number written at v[from, to), or NaN if any of it is not a digit. */
function digits(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}
