import { type LogProblem } from '#domain';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { compareSheet, readSheet, type StaysComparison } from './compare-stays.js';
import { type Manifest, type ManifestFile, nodesFile, STAYS } from './export-layout.js';
import { NodeEvidence } from './node-evidence.js';
import type { RetentionCheck } from './pruned-prefix.js';
import { ProgressBar, progressWanted } from './progress-bar.js';
import { trustedKeys, type TrustedKeys } from './trusted-keys.js';
import { checkFiles, loadManifest, safePath, type FileProblem } from './verify-files.js';
import { type RecordsOutcome, verifyRecordsParallel, verifyRecordsSequential } from './verify-records.js';

export interface VerifyOptions {
  dir: string;
  trustedKeys: string[];
  trustedKeyFiles: string[];
  origin?: string;
  /** 0 = one thread; undefined = two workers when the export has several records files. */
  workers?: number;
  progress?: boolean;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly root: string;
  readonly manifest: Manifest;
  readonly origin: string;
  readonly keys: TrustedKeys;
  readonly records: RecordsOutcome & { readonly seconds: number; readonly problems: readonly LogProblem[] };
  readonly files: readonly FileProblem[];
  readonly ledger?: StaysComparison;
  /** The pruned prefix and its log.pruned declaration, once every record was read. */
  readonly retention?: RetentionCheck;
  readonly firstBadIndex?: number;
  readonly suspectRange?: { readonly from: number; readonly to: number };
  readonly warnings: readonly string[];
}

/**
 * `acs ledger verify <dir>`: no database, no network. Every leaf, every checkpoint signature, one rebuilt tree
 * for all checkpoints (so they are consistent), the manifest's file hashes, and the ledger rebuilt from the
 * records against the exported sheet.
 */
export async function verifyExport(o: VerifyOptions): Promise<VerifyResult> {
  const root = resolve(o.dir);
  const manifest = loadManifest(root);
  const listed = (role: ManifestFile['role']) => manifest.files.filter((f) => f.role === role && safePath(f.path));
  const keys = trustedKeys(root, o.trustedKeys, o.trustedKeyFiles, listed('verifier-keys').length > 0);
  const origin = o.origin ?? manifest.origin;
  const checkpointFiles = listed('checkpoint');
  const checkpoints = checkpointFiles.map((f) => {
    try {
      return readFileSync(join(root, f.path));
    } catch {
      return Buffer.alloc(0); // reported as a bad checkpoint, and as a missing file
    }
  });
  const recordFiles = [...listed('records')].sort((a, b) => (a.first ?? 0) - (b.first ?? 0));
  const evidence = new NodeEvidence(root, new Set(listed('nodes').map((f) => f.path)));
  const total = manifest.counts?.records ?? manifest.treeSize;
  const bar = new ProgressBar('verify', total, progressWanted(o.progress, total));
  const workers = o.workers ?? (recordFiles.length >= 2 ? Math.min(2, availableParallelism()) : 0);
  const input = {
    root, files: recordFiles, evidence: evidence.source, onProgress: (n: number) => bar.update(n),
    recordsPerFile: manifest.recordsPerFile,
    storedLeaves: listed('nodes').some((f) => f.path === nodesFile(0)) ? join(root, nodesFile(0)) : undefined,
    options: { checkpoints, verifiers: keys.verifiers, origin, logId: manifest.logId, expectedSize: manifest.treeSize },
  };
  const started = process.hrtime.bigint();
  const sheet = readSheet(join(root, STAYS)); // parsed while the main thread waits for the records
  sheet.catch(() => undefined); // a read error surfaces where the sheet is compared, as before
  let records: RecordsOutcome;
  try {
    records = workers > 0 ? await verifyRecordsParallel(input, workers) : await verifyRecordsSequential(input);
  } finally {
    bar.done();
    evidence.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await sheet.catch(() => undefined); // never left reading after the verdict

  const warnings: string[] = [];
  if (keys.source === 'export') {
    warnings.push('checked against the key that came WITH the export: an auditor should pass the published key (--trusted-key) / エクスポート同梱の鍵で検証しました。公開鍵を --trusted-key で指定してください');
  }
  // What the exporter saw in the database that the signed records cannot show (e.g. sub-millisecond times).
  for (const w of manifest.warnings ?? []) warnings.push(`the exporter noted: ${w}`);
  const problems = records.report.problems.map((p) => describe(p, records, checkpointFiles));
  if (records.complete && records.report.entriesProcessed > manifest.treeSize) {
    problems.push({ problem: 'missing-records', firstBadIndex: manifest.treeSize, checkpointSize: manifest.treeSize, message: `records from ${manifest.treeSize} on are beyond the log head of ${manifest.treeSize}: appended outside the api` });
  }
  let ledger: StaysComparison | undefined;
  let retention: RetentionCheck | undefined;
  if (records.complete) {
    // Stays opened by pruned records were pruned with them: the rebuild and the sheet both start after the cut.
    ledger = compareSheet(await sheet, records.projector.stays());
    for (const a of records.projector.anomalies) warnings.push(a.message);
    retention = records.retention.result(manifest.formatVersion);
  }
  const known = new Map(records.fileHashes);
  if (ledger?.sha256) known.set(STAYS, ledger.sha256);
  const files = await checkFiles(root, manifest, known);
  for (const f of files.filter((f) => f.problem === 'unlisted')) warnings.push(f.message);
  const fileProblems = files.filter((f) => f.problem !== 'unlisted');

  const exact = [
    problems.flatMap((p) => ('firstBadIndex' in p && p.firstBadIndex !== undefined ? [p.firstBadIndex] : [])), ledger?.firstBadIndex ?? [],
    (retention?.problems ?? []).map((p) => p.idx),
  ].flat();
  const range = problems.find((p) => p.problem === 'root-mismatch' && p.firstBadIndex === undefined) as Extract<LogProblem, { problem: 'root-mismatch' }> | undefined;
  return {
    ok: problems.length === 0 && fileProblems.length === 0 && (ledger?.mismatches.length ?? 1) === 0 && (retention?.problems.length ?? 1) === 0,
    root, manifest, origin, keys, files: fileProblems, ledger, retention, warnings,
    records: { ...records, seconds, problems },
    firstBadIndex: exact.length > 0 ? Math.min(...exact) : undefined,
    suspectRange: range?.suspectRange,
  };
}

/** Problems in the export's own terms: checkpoint files by name, unparsable lines with the parser's reason. */
function describe(p: LogProblem, records: RecordsOutcome, checkpointFiles: readonly ManifestFile[]): LogProblem {
  if (p.problem === 'bad-checkpoint') {
    const path = checkpointFiles[p.checkpoint]?.path ?? `checkpoint ${p.checkpoint}`;
    return { ...p, message: p.message.replace(`checkpoint ${p.checkpoint}`, path) };
  }
  if (p.problem === 'malformed-record' && records.lineErrors.has(p.firstBadIndex)) {
    return { ...p, message: `record ${p.firstBadIndex} cannot be read: ${records.lineErrors.get(p.firstBadIndex)}` };
  }
  return p;
}
