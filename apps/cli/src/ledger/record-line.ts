import type { LedgerRecord } from '#domain';
import { recordTime } from './record-time.js';

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

/** A record time as a Date, or why it is not one. */
function time(value: unknown): Date | string {
  const ms = recordTime(value);
  return typeof ms === 'string' ? ms : new Date(ms);
}
