import { openCheckpoint, parseVerifierKey, type NoteVerifier } from '#domain';
import type pg from 'pg';
import { HASH_BYTES, type ManifestFile, VERIFIER_KEYS, checkpointFile, nodesFile } from './export-layout.js';
import { HashingWriter } from './hashing-writer.js';

const PAGE = 10_000;

export interface CheckpointsExport {
  files: ManifestFile[];
  latestSize: number | null;
  /** Origin of the latest checkpoint (its first line), if any. */
  origin?: string;
  /** Checkpoints the exported verifier key does not verify (a warning for the operator). */
  unverified: number;
}

/** Every checkpoint up to the exported tree size, each as its own file holding the signed note as stored. */
export async function exportCheckpoints(client: pg.Client, root: string, logId: string, treeSize: number, keys: readonly string[]): Promise<CheckpointsExport> {
  const verifiers = keys.map((k) => parseVerifierKey(k)).flatMap((p): NoteVerifier[] => (p.ok ? [p.key] : []));
  const out: CheckpointsExport = { files: [], latestSize: null, unverified: 0 };
  let after = 0;
  for (;;) {
    const { rows } = await client.query<{ size: string; note: string }>(
      'SELECT c.size::text AS size, c.note FROM checkpoints c WHERE c.log_id = $1 AND c.size > $2 AND c.size <= $3 ORDER BY c.size LIMIT $4',
      [logId, after, treeSize, PAGE],
    );
    for (const { size, note } of rows) {
      const w = await HashingWriter.open(root, checkpointFile(Number(size)));
      await w.write(note);
      out.files.push(await w.close('checkpoint'));
      out.latestSize = Number(size);
      out.origin = note.slice(0, note.indexOf('\n'));
      if (verifiers.length > 0 && !openCheckpoint(note, verifiers).ok) out.unverified++;
    }
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]!.size);
  }
  return out;
}

/**
 * The stored interior nodes (log_nodes), one file per level: level L of a tree of n leaves has ⌊n / 2^L⌋
 * complete nodes, written at offset 32·index. A node the table lacks is written as 32 zero bytes (absent).
 * The verifier uses them only as evidence to bisect a mismatch, after checking them against signed roots.
 */
export async function exportNodes(client: pg.Client, root: string, logId: string, treeSize: number): Promise<{ files: ManifestFile[]; nodes: number }> {
  const files: ManifestFile[] = [];
  let nodes = 0;
  for (let level = 1; Math.floor(treeSize / 2 ** level) > 0; level++) {
    const count = Math.floor(treeSize / 2 ** level);
    const w = await HashingWriter.open(root, nodesFile(level));
    let written = 0;
    while (written < count) {
      const { rows } = await client.query<{ idx: string; hash: Buffer }>(
        'SELECT n.idx::text AS idx, n.hash FROM log_nodes n WHERE n.log_id = $1 AND n.level = $2 AND n.idx >= $3 AND n.idx < $4 ORDER BY n.idx LIMIT $5',
        [logId, level, written, count, PAGE],
      );
      const end = rows.length < PAGE ? count : Number(rows[rows.length - 1]!.idx) + 1;
      const page = Buffer.alloc((end - written) * HASH_BYTES); // zero-filled: gaps stay "absent"
      for (const r of rows) {
        if (r.hash.length === HASH_BYTES) page.set(r.hash, (Number(r.idx) - written) * HASH_BYTES);
        nodes++;
      }
      await w.write(page);
      written = end;
    }
    files.push(await w.close('nodes', { level }));
  }
  return { files, nodes };
}

export async function exportVerifierKeys(root: string, keys: readonly string[]): Promise<ManifestFile> {
  const w = await HashingWriter.open(root, VERIFIER_KEYS);
  await w.write(keys.map((k) => `${k}\n`).join(''));
  return w.close('verifier-keys');
}
