import type pg from 'pg';
import { encodeRecord, type LedgerRecord } from '#domain';
import { HASH_BYTES, type ManifestFile, nodesFile, recordsFile } from './export-layout.js';
import { HashingWriter } from './hashing-writer.js';
import { prunedFrame, recordFrame } from './record-frames.js';

const PAGE = 5000;

// Times come as microseconds since the epoch, so a time with sub-millisecond digits (which the api never writes,
// and the canonical bytes cannot hold) is seen rather than silently truncated by a JS Date.
const micros = (column: string): string => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
const SELECT = `SELECT a.idx::text, a.leaf_hash, a.pruned_at IS NOT NULL, a.log_id, a.id, a.kind, a.type, ${micros('a.occurred_at')},
  ${micros('a.recorded_at')}, a.source, a.source_seq::text, a.attempt_id, a.person_id, a.area_id, a.door_id, a.reader_id, a.outcome,
  a.reason, a.body
  FROM access_log a WHERE a.log_id = $1 AND a.idx >= $2 AND a.idx < $3 ORDER BY a.idx`;

type Opt = string | null;
/** idx, leaf hash, pruned, then the columns of the record in canonical order (times in microseconds), body parsed. */
type Row = [string, Buffer, boolean, string, string, string, string, string, string, string, Opt, Opt, Opt, Opt, Opt, Opt, Opt, Opt, unknown];

/** A row as the record it stores (LedgerRecord), and any time of it that has sub-millisecond digits. */
function rowRecord(r: Row): { record: LedgerRecord; subMillisecond: boolean } {
  const [occurred, recorded] = [Number(r[7]), Number(r[8])];
  const record: LedgerRecord = {
    logId: r[3], idx: Number(r[0]), id: r[4], kind: r[5], type: r[6], occurredAt: new Date(Math.floor(occurred / 1000)),
    recordedAt: new Date(Math.floor(recorded / 1000)), source: r[9], sourceSeq: r[10] === null ? null : Number(r[10]), attemptId: r[11],
    personId: r[12], areaId: r[13], doorId: r[14], readerId: r[15], outcome: r[16], reason: r[17], body: r[18],
  };
  return { record, subMillisecond: occurred % 1000 !== 0 || recorded % 1000 !== 0 };
}

/**
 * Every record of the log in index order, by keyset pages, into files of `perFile` indexes each (a file is
 * named by the first index of its range; a deleted record leaves its frame out, it is not renumbered).
 * The stored leaf hashes also go to nodes/level-00.bin, dense by index: the level-0 evidence a bisection needs
 * along a checkpoint's right edge (log_nodes holds levels 1 and up only).
 */
export async function exportRecords(
  client: pg.Client, root: string, logId: string, perFile: number, onPage: (records: number) => void,
): Promise<{ files: ManifestFile[]; records: number; pruned: number; warnings: string[] }> {
  const files: ManifestFile[] = [];
  const warnings: string[] = [];
  const leaves = await HashingWriter.open(root, nodesFile(0));
  let writer: HashingWriter | undefined;
  let first = 0;
  let records = 0;
  let pruned = 0;
  const [{ max }] = (await client.query<{ max: string | null }>('SELECT max(idx)::text AS max FROM access_log WHERE log_id = $1', [logId])).rows;
  const end = max === null ? 0 : Number(max) + 1;
  const close = async () => {
    if (writer) files.push(await writer.close('records', { first, lines: writer.lines }));
    writer = undefined;
  };
  const page = (from: number) => client.query<Row>({ text: SELECT, values: [logId, from, from + PAGE], rowMode: 'array' });
  // One page is always in flight: PostgreSQL reads the next page while this process encodes the current one.
  let pending = end > 0 ? page(0) : undefined;
  for (let next = 0; next < end; next += PAGE) {
    const { rows } = await pending!;
    pending = next + PAGE < end ? page(next + PAGE) : undefined;
    const leafPage = Buffer.alloc(Math.min(PAGE, end - next) * HASH_BYTES); // stays zero where a record was deleted
    let frames: Buffer[] = [];
    for (const r of rows) {
      const idx = Number(r[0]);
      if (!writer || idx >= first + perFile) {
        if (writer) await writer.write(Buffer.concat(frames), frames.length);
        frames = [];
        await close();
        first = idx - (idx % perFile);
        writer = await HashingWriter.open(root, recordsFile(first));
      }
      if (r[2]) {
        frames.push(prunedFrame(idx, r[1]));
        pruned++;
      } else {
        const { record, subMillisecond } = rowRecord(r);
        if (subMillisecond) warnings.push(`record ${idx} has a time with sub-millisecond digits, which the api never writes: it was changed outside the api, and its record holds the time truncated to the millisecond`);
        frames.push(recordFrame(encodeRecord(record)));
      }
      r[1].copy(leafPage, (idx - next) * HASH_BYTES);
    }
    await leaves.write(leafPage);
    if (writer) await writer.write(Buffer.concat(frames), frames.length);
    records += rows.length;
    onPage(records);
  }
  await close();
  files.push(await leaves.close('nodes', { level: 0 }));
  return { files, records, pruned, warnings };
}
