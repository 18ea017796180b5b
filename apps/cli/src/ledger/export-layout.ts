/*
 * The on-disk layout of a ledger export (docs/ledger-export.md), shared by `ledger export` and `ledger verify`.
 *
 *   manifest.json                         what is here, with the SHA-256 of every other file
 *   verifier-keys.txt                     the log's verifier key(s), one per line
 *   checkpoints/<size, 16 digits>.checkpoint   signed notes, byte for byte as stored
 *   records/<first idx, 16 digits>.bin    records by index range, one frame per record: u32 length ‖ its
 *                                         canonical bytes, or a pruned record's index and leaf hash
 *                                         (record-frames.ts)
 *   nodes/level-<LL>.bin                  tree nodes of level LL, 32-byte hashes in index order (00: stored leaf
 *                                         hashes; 01 and up: the stored interior nodes)
 *   ledger/stays.ndjson                   the entry ledger (ledger_stays) as the database had it
 */

export const EXPORT_FORMAT = 'acs-ledger-export';
/**
 * Version 3 carries each record as its canonical bytes (frames), so verifying a record is hashing it. Versions 1
 * and 2 (JSON lines, which the verifier had to re-encode) were written only by development builds: re-export.
 */
export const EXPORT_FORMAT_VERSION = 3;
export const READABLE_FORMAT_VERSIONS: readonly number[] = [3];
/** Records per file: a power of two, so each file is one segment the verifier can hash on its own thread. */
export const DEFAULT_RECORDS_PER_FILE = 1 << 16;
export const HASH_BYTES = 32;

export const MANIFEST = 'manifest.json';
export const VERIFIER_KEYS = 'verifier-keys.txt';
export const STAYS = 'ledger/stays.ndjson';

export const pad16 = (n: number): string => String(n).padStart(16, '0');
export const recordsFile = (first: number): string => `records/${pad16(first)}.bin`;
export const checkpointFile = (size: number): string => `checkpoints/${pad16(size)}.checkpoint`;
export const nodesFile = (level: number): string => `nodes/level-${String(level).padStart(2, '0')}.bin`;

export type FileRole = 'records' | 'checkpoint' | 'verifier-keys' | 'nodes' | 'stays';

export interface ManifestFile {
  readonly path: string;
  readonly role: FileRole;
  readonly bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  /** records: the index range the file covers; lines = records actually in it. nodes: the level. */
  readonly first?: number;
  readonly lines?: number;
  readonly level?: number;
}

export interface Manifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly formatVersion: number;
  readonly origin: string;
  readonly logId: string;
  /** The log head's size and root in the exported snapshot. */
  readonly treeSize: number;
  readonly rootHash: string | null;
  readonly exportedAt: string;
  readonly exportedBy: string;
  readonly recordsPerFile: number;
  /** `records` counts every line, pruned ones included; `pruned` (version 2) counts the leaf-only lines. */
  readonly counts: { readonly records: number; readonly checkpoints: number; readonly nodes: number; readonly stays: number; readonly pruned?: number };
  readonly latestCheckpointSize: number | null;
  /** What the exporter saw in the database that the records cannot show (format 3), e.g. sub-millisecond times. */
  readonly warnings?: readonly string[];
  readonly files: readonly ManifestFile[];
}

/** The record line's times: UTC with microseconds, exactly as PostgreSQL keeps them (the api writes whole ms). */
export const SQL_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
export const sqlTime = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', ${SQL_TIME})`;
