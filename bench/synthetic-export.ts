import { encodeRecord, generateNoteKey, leafHash, parseSignerKey, signCheckpoint, StayProjector, TreeFrontier } from '#domain';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sheetTime } from '../apps/cli/src/ledger/compare-stays.js';
import {
  DEFAULT_RECORDS_PER_FILE, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, HASH_BYTES, MANIFEST, STAYS, VERIFIER_KEYS, checkpointFile, nodesFile, recordsFile,
  type Manifest, type ManifestFile,
} from '../apps/cli/src/ledger/export-layout.js';
import { recordFrame } from '../apps/cli/src/ledger/record-frames.js';
import { STAY_FIELDS } from '../apps/cli/src/ledger/export-stays.js';
import { syntheticRecords } from './synthetic-records.js';

export interface SyntheticExportOptions {
  readonly records: number;
  readonly recordsPerFile?: number;
  /** A signed checkpoint every this many records, and one at the end. */
  readonly checkpointEvery?: number;
}

export interface SyntheticExport {
  readonly dir: string;
  /** The verifier key that signed every checkpoint: pass it as --trusted-key. */
  readonly verifierKey: string;
  readonly records: number;
  readonly stays: number;
  readonly checkpoints: number;
  readonly bytes: number;
}

const ORIGIN = 'bench.localhost/access-log';

/**
 * A signed export of a synthetic access log, byte for byte in the layout `acs ledger export` writes
 * (docs/ledger-export.md): the records as frames of their canonical bytes, every checkpoint, all tree levels, the ledger sheet rebuilt from the records, the manifest. It lets
 * the verifier be measured on millions of records without a database holding them.
 */
export function writeSyntheticExport(dir: string, o: SyntheticExportOptions): SyntheticExport {
  const perFile = o.recordsPerFile ?? DEFAULT_RECORDS_PER_FILE;
  const every = o.checkpointEvery ?? 5000;
  const key = generateNoteKey(ORIGIN);
  const signer = parseSignerKey(key.signerKey);
  if (!signer.ok) throw new Error(signer.error.message);
  const files: ManifestFile[] = [];
  const write = (path: string, data: string | Buffer, role: ManifestFile['role'], extra: Partial<ManifestFile> = {}) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes, { flag: 'wx' });
    files.push({ path, role, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), ...extra });
  };

  const tree = TreeFrontier.empty();
  const levels = new Map<number, Buffer>();
  const level = (l: number) => levels.get(l) ?? levels.set(l, Buffer.alloc(Math.floor(o.records / 2 ** l) * HASH_BYTES)).get(l)!;
  const projector = new StayProjector();
  const stayIds = new Map<string, string>();
  let frames: Buffer[] = [];
  let latest = 0;
  for (const { record, stayId } of syntheticRecords(o.records)) {
    const bytes = encodeRecord(record);
    const leaf = leafHash(bytes);
    level(0).set(leaf, record.idx * HASH_BYTES);
    tree.append(leaf, (l, index, hash) => level(l).set(hash, index * HASH_BYTES));
    frames.push(recordFrame(bytes));
    projector.push(record);
    if (stayId) stayIds.set(record.attemptId!, stayId);
    const size = record.idx + 1;
    if (size % perFile === 0 || size === o.records) {
      write(recordsFile(size - frames.length), Buffer.concat(frames), 'records', { first: size - frames.length, lines: frames.length });
      frames = [];
    }
    if (size % every === 0 || size === o.records) {
      write(checkpointFile(size), signCheckpoint({ origin: ORIGIN, size, rootHash: tree.root() }, [signer.key]), 'checkpoint');
      latest = size;
    }
  }
  for (const [l, nodes] of [...levels].sort(([a], [b]) => a - b)) if (nodes.length > 0) write(nodesFile(l), nodes, 'nodes', { level: l });
  const stays = projector.stays().map((s) => ({
    id: s.id ?? stayIds.get(s.entryAttemptId)!, personId: s.personId, areaId: s.areaId, entryAttemptId: s.entryAttemptId, entryDoorId: s.entryDoorId,
    enteredAt: sheetTime(s.enteredAt), exitAttemptId: s.exitAttemptId, exitDoorId: s.exitDoorId, exitedAt: s.exitedAt && sheetTime(s.exitedAt),
    method: s.method, escortPersonId: s.escortPersonId, purpose: s.purpose, exitKind: s.exitKind,
  }));
  stays.sort((a, b) => (a.enteredAt < b.enteredAt ? -1 : a.enteredAt > b.enteredAt ? 1 : a.id < b.id ? -1 : 1));
  write(STAYS, stays.map((s) => `${JSON.stringify(Object.fromEntries(STAY_FIELDS.map((f) => [f, s[f]])))}\n`).join(''), 'stays');
  write(VERIFIER_KEYS, `${key.verifierKey}\n`, 'verifier-keys');
  const checkpoints = files.filter((f) => f.role === 'checkpoint').length;
  const manifest: Manifest = {
    format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, origin: ORIGIN, logId: 'main', treeSize: o.records, rootHash: tree.root().toString('base64'),
    exportedAt: new Date().toISOString(), exportedBy: 'bench/synthetic-export', recordsPerFile: perFile,
    counts: { records: o.records, checkpoints, nodes: Math.max(0, o.records - 1), stays: stays.length, pruned: 0 },
    latestCheckpointSize: latest, files,
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, verifierKey: key.verifierKey, records: o.records, stays: stays.length, checkpoints, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}
