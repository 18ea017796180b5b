import type { ProjectedStay } from '#domain';
import { existsSync } from 'node:fs';
import { STAY_FIELDS } from './export-stays.js';
import { NdjsonReader } from './ndjson-reader.js';
import { recordTime } from './record-time.js';

/**
 * The api stamps a forgiven stay's exit with its own clock just after appending the forgive record, so the row
 * time lies between the record's occurredAt and a moment after its recordedAt; the rebuild cannot know it to
 * the millisecond. Anything later than this after the receipt time is a mismatch.
 */
export const FORGIVE_WINDOW_MS = 60_000;

type SheetStay = Record<(typeof STAY_FIELDS)[number], string | null>;

export interface StayMismatch {
  readonly entryAttemptId?: string;
  /** The record whose effect the sheet does not show (entry, exit, purpose or forgive), when there is one. */
  readonly idx?: number;
  /** Line of ledger/stays.ndjson (1-based), when the sheet has the row. */
  readonly line?: number;
  readonly message: string;
}

export interface StaysComparison {
  readonly sheetStays: number;
  readonly rebuiltStays: number;
  readonly mismatches: readonly StayMismatch[];
  readonly firstBadIndex?: number;
  readonly sha256?: string;
}

/** `2026-…T…:…:….123000Z`: a rebuilt time in the sheet's format (microseconds, as PostgreSQL keeps them). */
export const sheetTime = (d: Date): string => d.toISOString().replace('Z', '000Z');

/** The ledger sheet read in: its rows by entry attempt, and the lines that could not be rows. */
export interface LedgerSheet {
  readonly rows: Map<string, { row: SheetStay; line: number }>;
  readonly lines: number;
  readonly problems: readonly StayMismatch[];
  readonly sha256?: string;
}

/**
 * Reads and checks ledger/stays.ndjson. The verifier starts this before the records, so the sheet is parsed
 * while the main thread would otherwise wait for its workers.
 */
export async function readSheet(path: string): Promise<LedgerSheet> {
  const problems: StayMismatch[] = [];
  const rows = new Map<string, { row: SheetStay; line: number }>();
  const ids = new Set<string>();
  let lineNo = 0;
  if (!existsSync(path)) return { rows, lines: 0, problems: [{ message: `${path} is missing` }] };
  const reader = new NdjsonReader(path);
  for await (const lines of reader.batches()) {
    for (const text of lines) {
      lineNo++;
      const row = parseSheetLine(text);
      if (typeof row === 'string') {
        problems.push({ line: lineNo, message: `line ${lineNo}: ${row}` });
        continue;
      }
      if (rows.has(row.entryAttemptId!) || ids.has(row.id!)) {
        problems.push({ line: lineNo, entryAttemptId: row.entryAttemptId!, message: `line ${lineNo}: a second row for entry attempt ${row.entryAttemptId} or stay ${row.id}` });
        continue;
      }
      rows.set(row.entryAttemptId!, { row, line: lineNo });
      ids.add(row.id!);
    }
  }
  return { rows, lines: lineNo, problems, sha256: reader.sha256() };
}

/** Compares the rebuilt stays with the exported ledger sheet, stay by stay (matched by entry attempt, a unique key). */
export async function compareStays(path: string, rebuilt: readonly ProjectedStay[]): Promise<StaysComparison> {
  return compareSheet(await readSheet(path), rebuilt);
}

/** compareStays on a sheet already read (which it uses up). */
export function compareSheet(sheet: LedgerSheet, rebuilt: readonly ProjectedStay[]): StaysComparison {
  const mismatches: StayMismatch[] = [...sheet.problems];
  const rows = sheet.rows;
  for (const stay of rebuilt) {
    const found = rows.get(stay.entryAttemptId);
    if (!found) {
      mismatches.push({ entryAttemptId: stay.entryAttemptId, idx: stay.sources.entry, message: `the stay opened by record ${stay.sources.entry} (entry attempt ${stay.entryAttemptId}) is not in the sheet` });
      continue;
    }
    rows.delete(stay.entryAttemptId);
    mismatches.push(...compareStay(stay, found.row, found.line));
  }
  for (const { row, line } of rows.values()) {
    mismatches.push({ line, entryAttemptId: row.entryAttemptId!, message: `line ${line}: stay ${row.id} (entry attempt ${row.entryAttemptId}) has no entry grant in the records` });
  }
  const indexes = mismatches.flatMap((m) => (m.idx === undefined ? [] : [m.idx]));
  return {
    sheetStays: sheet.lines,
    rebuiltStays: rebuilt.length,
    mismatches,
    firstBadIndex: indexes.length > 0 ? Math.min(...indexes) : undefined,
    sha256: sheet.sha256,
  };
}

function compareStay(stay: ProjectedStay, row: SheetStay, line: number): StayMismatch[] {
  const s = stay.sources;
  const exitIdx = s.exit ?? s.forgive?.idx ?? s.entry;
  const out: StayMismatch[] = [];
  const entry: Array<[keyof SheetStay, string | null]> = [['personId', stay.personId], ['areaId', stay.areaId], ['entryDoorId', stay.entryDoorId]];
  for (const [field, want] of entry) if (row[field] !== want) out.push(mismatch(stay, line, s.entry, field, row[field], want));
  if (!sameTime(row.enteredAt, stay.enteredAt)) out.push(mismatch(stay, line, s.entry, 'enteredAt', row.enteredAt, sheetTime(stay.enteredAt)));
  const expected: Array<[keyof SheetStay, string | null, number]> = [
    ['method', stay.method, s.entry],
    ['escortPersonId', stay.escortPersonId, s.entry],
    ['exitAttemptId', stay.exitAttemptId, exitIdx],
    ['exitDoorId', stay.exitDoorId, exitIdx],
    ['exitKind', stay.exitKind, exitIdx],
    ['purpose', stay.purpose, s.purpose ?? s.entry],
  ];
  if (stay.id !== null) expected.push(['id', stay.id, Math.min(...s.annotations)]);
  for (const [field, want, idx] of expected) {
    if (row[field] !== want) out.push(mismatch(stay, line, idx, field, row[field], want));
  }
  if (!exitTimeMatches(stay, row.exitedAt)) {
    const want = stay.exitedAt ? sheetTime(stay.exitedAt) : null;
    out.push(mismatch(stay, line, exitIdx, 'exitedAt', row.exitedAt, s.forgive ? `${want} (+ up to ${FORGIVE_WINDOW_MS / 1000} s after receipt)` : want));
  }
  return out;
}

/** sheet === sheetTime(d), without formatting d: the sheet's time read back to milliseconds (a strict, one-to-one format). */
function sameTime(sheet: string | null, d: Date): boolean {
  return sheet !== null && recordTime(sheet) === d.getTime();
}

function exitTimeMatches(stay: ProjectedStay, sheet: string | null): boolean {
  if (!stay.exitedAt || sheet === null) return stay.exitedAt === null && sheet === null;
  const f = stay.sources.forgive;
  if (stay.exitKind !== 'forgiven' || !f) return sameTime(sheet, stay.exitedAt);
  const micros = Date.parse(`${sheet.slice(0, 23)}Z`) * 1000 + Number(sheet.slice(23, 26));
  return micros >= f.occurredAt.getTime() * 1000 && micros <= (f.recordedAt.getTime() + FORGIVE_WINDOW_MS) * 1000;
}

function mismatch(stay: ProjectedStay, line: number, idx: number, field: string, sheet: string | null, want: string | null): StayMismatch {
  return {
    entryAttemptId: stay.entryAttemptId, idx, line,
    message: `line ${line}, entry attempt ${stay.entryAttemptId}: ${field} is ${JSON.stringify(sheet)}, the records say ${JSON.stringify(want)} (record ${idx})`,
  };
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const REQUIRED = new Set(['id', 'personId', 'areaId', 'entryAttemptId', 'entryDoorId', 'enteredAt', 'method']);

function parseSheetLine(text: string): SheetStay | string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'not JSON';
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  if (Object.keys(o).length !== STAY_FIELDS.length) return `fields must be exactly ${STAY_FIELDS.join(', ')}`;
  for (const f of STAY_FIELDS) {
    const v = o[f];
    if (v === null && !REQUIRED.has(f)) continue;
    if (typeof v !== 'string') return `${f} is ${v === undefined ? 'missing' : 'not a string'}`;
    if ((f === 'enteredAt' || f === 'exitedAt') && !TIME.test(v)) return `${f} ${JSON.stringify(v)} is not a UTC time with microseconds`;
  }
  return o as SheetStay;
}
