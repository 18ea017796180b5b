import type pg from 'pg';
import { type ManifestFile, STAYS, sqlTime } from './export-layout.js';
import { HashingWriter } from './hashing-writer.js';

const PAGE = 5000;

const COLUMNS = `SELECT id::text, person_id::text, area_id, entry_attempt_id::text, entry_door_id, ${sqlTime('entered_at')},
  exit_attempt_id::text, exit_door_id, ${sqlTime('exited_at')}, method, escort_person_id::text, purpose, exit_kind FROM ledger_stays s`;
const FIRST = `${COLUMNS} ORDER BY s.entered_at, s.id LIMIT $1`;
const AFTER = `${COLUMNS} WHERE (s.entered_at, s.id) > ($2::timestamptz, $3::uuid) ORDER BY s.entered_at, s.id LIMIT $1`;

/** The columns of ledger_stays, in this order, are the keys of a line of ledger/stays.ndjson. */
export const STAY_FIELDS = [
  'id', 'personId', 'areaId', 'entryAttemptId', 'entryDoorId', 'enteredAt', 'exitAttemptId', 'exitDoorId', 'exitedAt', 'method',
  'escortPersonId', 'purpose', 'exitKind',
] as const;

/** The entry ledger exactly as the api's ledger_stays table holds it, ordered by entry time then id (keyset pages). */
export async function exportStays(client: pg.Client, root: string, onPage: (stays: number) => void): Promise<{ file: ManifestFile; stays: number }> {
  const w = await HashingWriter.open(root, STAYS);
  let after: [string, string] | undefined;
  let stays = 0;
  for (;;) {
    const { rows } = await client.query<(string | null)[]>({ text: after ? AFTER : FIRST, values: after ? [PAGE, ...after] : [PAGE], rowMode: 'array' });
    let batch = '';
    for (const r of rows) batch += `${JSON.stringify(Object.fromEntries(STAY_FIELDS.map((f, i) => [f, r[i]])))}\n`;
    await w.write(batch, rows.length);
    stays += rows.length;
    onPage(stays);
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    after = [last[5]!, last[0]!];
  }
  return { file: await w.close('stays'), stays };
}
