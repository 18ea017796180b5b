import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { EXPORT_FORMAT, MANIFEST, READABLE_FORMAT_VERSIONS, type Manifest, type ManifestFile } from './export-layout.js';

export class ExportUnreadable extends Error {}

export interface FileProblem {
  readonly path: string;
  readonly problem: 'missing' | 'hash-mismatch' | 'unlisted' | 'unsafe-path';
  readonly message: string;
}

/** manifest.json, checked for shape and for paths that stay inside the export. */
export function loadManifest(root: string): Manifest {
  const file = join(root, MANIFEST);
  if (!existsSync(file)) throw new ExportUnreadable(`${file} not found: not a ledger export`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (e) {
    throw new ExportUnreadable(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (m?.format !== EXPORT_FORMAT) throw new ExportUnreadable(`${file} is not an ${EXPORT_FORMAT} manifest`);
  if (!READABLE_FORMAT_VERSIONS.includes(m.formatVersion)) throw new ExportUnreadable(`export format version ${m.formatVersion} is not supported (this verifier reads version ${READABLE_FORMAT_VERSIONS.join(', ')}; export again with this version's acs ledger export)`);
  if (!Array.isArray(m.files) || typeof m.logId !== 'string' || !Number.isSafeInteger(m.treeSize)) throw new ExportUnreadable(`${file} lacks files, logId or treeSize`);
  return m;
}

/** A manifest path is relative, normalised, and never leaves the export directory. */
export function safePath(path: unknown): path is string {
  return typeof path === 'string' && path.length > 0 && !posix.isAbsolute(path) && posix.normalize(path) === path && !path.split('/').includes('..') && !path.includes('\\');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Every listed file against its SHA-256 (hashes already taken while reading are passed in), and every file in
 * the directory that the manifest does not list. The manifest is not signed: this catches damage and careless
 * edits; the records' proof is the signed checkpoints, the ledger sheet's is the rebuild.
 */
export async function checkFiles(root: string, manifest: Manifest, known: ReadonlyMap<string, string>): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const listed = new Set<string>([MANIFEST]);
  for (const f of manifest.files as ManifestFile[]) {
    if (!safePath(f?.path)) {
      problems.push({ path: String(f?.path), problem: 'unsafe-path', message: `manifest lists ${JSON.stringify(f?.path)}, which is not a path inside the export` });
      continue;
    }
    listed.add(f.path);
    const full = join(root, f.path);
    if (!existsSync(full)) {
      problems.push({ path: f.path, problem: 'missing', message: `${f.path} is listed but missing` });
      continue;
    }
    const actual = known.get(f.path) ?? (await sha256File(full));
    if (actual !== f.sha256) problems.push({ path: f.path, problem: 'hash-mismatch', message: `${f.path} changed since the export (SHA-256 ${actual.slice(0, 16)}…, manifest ${String(f.sha256).slice(0, 16)}…)` });
  }
  for (const path of walk(root)) {
    if (!listed.has(path)) problems.push({ path, problem: 'unlisted', message: `${path} is not in the manifest (ignored)` });
  }
  return problems;
}

function walk(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((e) => {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, path) : [path];
  });
}
