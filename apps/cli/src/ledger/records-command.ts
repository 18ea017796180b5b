import { decodeRecord, leafHash } from '#domain';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRUNED_TAG } from './record-frames.js';
import { loadManifest, safePath } from './verify-files.js';

/**
 * `acs ledger records <dir> [--from N] [--count K]`: the export's records as JSON lines, for people and for
 * tools that do not read the frames themselves. Each line is the decoded canonical record plus its leaf hash
 * (SHA-256(0x00 ‖ bytes), base64); a record pruned by retention is {"idx","pruned":true,"leafHash"}. It prints
 * what the files hold without checking it: `acs ledger verify` says whether it is what was signed.
 */
export async function recordsCommand(dir: string, from: number, count: number, out: NodeJS.WritableStream): Promise<number> {
  const root = resolve(dir);
  const manifest = loadManifest(root);
  const files = manifest.files.filter((f) => f.role === 'records' && safePath(f.path)).sort((a, b) => (a.first ?? 0) - (b.first ?? 0));
  const end = from + count;
  let problems = 0;
  for (const file of files) {
    const first = file.first ?? 0;
    if (first >= end || first + manifest.recordsPerFile <= from) continue;
    const buf = readFileSync(join(root, file.path));
    for (let pos = 0; pos + 4 <= buf.length; ) {
      const start = pos + 4;
      const stop = start + buf.readUInt32BE(pos);
      pos = stop;
      const bytes = buf.subarray(start, Math.min(stop, buf.length));
      const line = describe(bytes);
      if ('error' in line) problems++;
      const idx = typeof line.idx === 'number' ? line.idx : undefined;
      if (idx !== undefined && (idx < from || idx >= end)) continue;
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
    }
  }
  return problems === 0 ? 0 : 1;
}

function describe(bytes: Buffer): Record<string, unknown> {
  if (bytes[0] === PRUNED_TAG && bytes.length === 41) {
    return { idx: Number(bytes.readBigInt64BE(1)), pruned: true, leafHash: bytes.subarray(9).toString('base64') };
  }
  const decoded = decodeRecord(bytes);
  if (!decoded.ok) return { error: `not a canonical record: ${decoded.error.message}`, bytes: bytes.toString('base64') };
  return { ...decoded.record, leafHash: leafHash(bytes).toString('base64') };
}
