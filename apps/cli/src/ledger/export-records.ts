import type pg from 'pg';
import { HASH_BYTES, type ManifestFile, nodesFile, recordsFile, sqlTime } from './export-layout.js';
import { HashingWriter } from './hashing-writer.js';

const PAGE = 5000;

// PostgreSQL writes each whole line (JSON escaping by to_json, times, the jsonb body, the base64 leaf hash) on
// its own core, so this process only copies bytes. ORDER BY names the table's column (a bare `idx` would sort
// by a text output column), and pages are index ranges: a short index scan even with stale table statistics.
const json = (column: string): string => `coalesce(to_json(${column})::text, 'null')`;
// A record pruned by retention has only its index and leaf hash left: a leaf-only line (format version 2).
const SELECT = `SELECT a.idx::text, encode(a.leaf_hash, 'base64'), CASE WHEN a.pruned_at IS NOT NULL
  THEN concat('{"idx":', a.idx, ',"pruned":true,"leafHash":"', encode(a.leaf_hash, 'base64'), E'"}\\n')
  ELSE concat(
  '{"idx":', a.idx, ',"logId":', ${json('a.log_id')}, ',"id":"', a.id, '","kind":', ${json('a.kind')}, ',"type":', ${json('a.type')},
  ',"occurredAt":"', ${sqlTime('a.occurred_at')}, '","recordedAt":"', ${sqlTime('a.recorded_at')}, '","source":', ${json('a.source')},
  ',"sourceSeq":', coalesce(a.source_seq::text, 'null'), ',"attemptId":', ${json('a.attempt_id')}, ',"personId":', ${json('a.person_id')},
  ',"areaId":', ${json('a.area_id')}, ',"doorId":', ${json('a.door_id')}, ',"readerId":', ${json('a.reader_id')},
  ',"outcome":', ${json('a.outcome')}, ',"reason":', ${json('a.reason')}, ',"body":', a.body::text,
  ',"leafHash":"', encode(a.leaf_hash, 'base64'), E'"}\\n') END, a.pruned_at IS NOT NULL
  FROM access_log a WHERE a.log_id = $1 AND a.idx >= $2 AND a.idx < $3 ORDER BY a.idx`;

/** idx, base64 leaf hash, the record line (field names are LedgerRecord's, plus the stored leafHash), pruned. */
type Row = [string, string, string, boolean];

/**
 * Every record of the log in index order, by keyset pages, into files of `perFile` indexes each (a file is
 * named by the first index of its range; a deleted record leaves its line out, it is not renumbered).
 * The stored leaf hashes also go to nodes/level-00.bin, dense by index: the level-0 evidence a bisection needs
 * along a checkpoint's right edge (log_nodes holds levels 1 and up only).
 */
export async function exportRecords(
  client: pg.Client, root: string, logId: string, perFile: number, onPage: (records: number) => void,
): Promise<{ files: ManifestFile[]; records: number; pruned: number }> {
  const files: ManifestFile[] = [];
  const leaves = await HashingWriter.open(root, nodesFile(0));
  let writer: HashingWriter | undefined;
  let first = 0;
  let next = 0;
  let records = 0;
  let pruned = 0;
  const [{ max }] = (await client.query<{ max: string | null }>('SELECT max(idx)::text AS max FROM access_log WHERE log_id = $1', [logId])).rows;
  const end = max === null ? 0 : Number(max) + 1;
  const close = async () => {
    if (writer) files.push(await writer.close('records', { first, lines: writer.lines }));
    writer = undefined;
  };
  const page = (from: number) => client.query<Row>({ text: SELECT, values: [logId, from, from + PAGE], rowMode: 'array' });
  // One page is always in flight: PostgreSQL formats the next page while this process writes the current one.
  let pending = end > 0 ? page(0) : undefined;
  for (; next < end; next += PAGE) {
    const { rows } = await pending!;
    pending = next + PAGE < end ? page(next + PAGE) : undefined;
    const leafPage = Buffer.alloc(Math.min(PAGE, end - next) * HASH_BYTES); // stays zero where a record was deleted
    let batch = '';
    let batchLines = 0;
    for (const r of rows) {
      const idx = Number(r[0]);
      if (!writer || idx >= first + perFile) {
        if (writer) await writer.write(batch, batchLines);
        batch = '';
        batchLines = 0;
        await close();
        first = idx - (idx % perFile);
        writer = await HashingWriter.open(root, recordsFile(first));
      }
      batch += r[2];
      batchLines++;
      if (r[3]) pruned++;
      leafPage.write(r[1], (idx - next) * HASH_BYTES, HASH_BYTES, 'base64');
    }
    await leaves.write(leafPage);
    if (writer) await writer.write(batch, batchLines);
    records += rows.length;
    onPage(records);
  }
  await close();
  files.push(await leaves.close('nodes', { level: 0 }));
  return { files, records, pruned };
}
