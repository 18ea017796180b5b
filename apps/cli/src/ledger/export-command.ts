import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../infra/paths.js';
import {
  DEFAULT_RECORDS_PER_FILE, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, MANIFEST, type Manifest, type ManifestFile,
} from './export-layout.js';
import { exportRecords } from './export-records.js';
import { ExportSetupError, resolveDatabaseUrl, resolveVerifierKeys } from './export-sources.js';
import { exportStays } from './export-stays.js';
import { exportCheckpoints, exportNodes, exportVerifierKeys } from './export-tree.js';
import { ProgressBar, formatRate, progressWanted } from './progress-bar.js';

export interface ExportOptions {
  dir: string;
  logId: string;
  recordsPerFile: number;
  verifierKeys: string[];
  origin?: string;
  progress?: boolean;
}

/**
 * `acs ledger export <dir>`: one consistent snapshot of the log, its checkpoints, stored tree nodes and the
 * entry ledger (a single REPEATABLE READ transaction, so the ledger sheet matches the records exactly), written
 * in the layout of docs/ledger-export.md. Reads page by page; memory stays flat whatever the log's size.
 */
export async function exportCommand(o: ExportOptions, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<number> {
  const root = resolve(o.dir);
  if (existsSync(root) && readdirSync(root).length > 0) throw new ExportSetupError(`${root} is not empty: export into a new directory`);
  const db = resolveDatabaseUrl(env);
  const keys = await resolveVerifierKeys(env, o.verifierKeys, db.url, o.logId);
  await mkdir(root, { recursive: true });
  const started = Date.now();
  const client = new pg.Client({ connectionString: db.url, application_name: 'acs ledger export' });
  const helper = new pg.Client({ connectionString: db.url, application_name: 'acs ledger export (tree, ledger)' });
  await client.connect();
  await helper.connect();
  try {
    // Two connections on one snapshot: the records stream on one while the tree and the ledger follow on the
    // other, so PostgreSQL formats on two cores, and everything still describes the same instant.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ snapshot }] = (await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')).rows;
    await helper.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await helper.query(`SET TRANSACTION SNAPSHOT '${snapshot!.replace(/'/g, '')}'`);
    const [head] = (await client.query<{ size: string; root: string | null }>("SELECT size::text, encode(root, 'base64') AS root FROM log_heads WHERE log_id = $1", [o.logId])).rows;
    if (!head) throw new ExportSetupError(`the database has no log ${JSON.stringify(o.logId)}`);
    const treeSize = Number(head.size);
    const bar = new ProgressBar('export', treeSize, progressWanted(o.progress, treeSize));
    const [records, [checkpoints, nodes, stays]] = await Promise.all([
      exportRecords(client, root, o.logId, o.recordsPerFile, (n) => bar.update(n)).finally(() => bar.done()),
      (async () => [
        await exportCheckpoints(helper, root, o.logId, treeSize, keys?.keys ?? []),
        await exportNodes(helper, root, o.logId, treeSize),
        await exportStays(helper, root, () => undefined),
      ] as const)(),
    ]);
    await helper.query('COMMIT');
    await client.query('COMMIT');
    const files: ManifestFile[] = [...records.files, ...checkpoints.files, ...nodes.files, stays.file];
    if (keys) files.push(await exportVerifierKeys(root, keys.keys));
    const manifest: Manifest = {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      origin: checkpoints.origin ?? o.origin ?? env.ACS_LOG_ORIGIN ?? 'acs.localhost/access-log',
      logId: o.logId,
      treeSize,
      rootHash: head.root,
      exportedAt: new Date().toISOString(),
      exportedBy: `acs ledger export (${packageVersion()})`,
      recordsPerFile: o.recordsPerFile,
      counts: { records: records.records, checkpoints: checkpoints.files.length, nodes: nodes.nodes, stays: stays.stays, pruned: records.pruned },
      latestCheckpointSize: checkpoints.latestSize,
      ...(records.warnings.length > 0 ? { warnings: records.warnings } : {}),
      files,
    };
    await writeFile(join(root, `${MANIFEST}.tmp`), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    await rename(join(root, `${MANIFEST}.tmp`), join(root, MANIFEST));

    const seconds = (Date.now() - started) / 1000;
    say(`台帳エクスポート / Ledger export → ${root}`);
    say(`  database      ${redact(db.url)} (from ${db.from})`);
    say(`  log           ${o.logId} @ ${manifest.origin}, tree size ${treeSize.toLocaleString('en-US')}`);
    if (records.pruned > 0) say(`  pruned        ${records.pruned.toLocaleString('en-US')} record(s) pruned by retention: leaf hash only`);
    say(`  records       ${records.records.toLocaleString('en-US')} in ${records.files.filter((f) => f.role === 'records').length} file(s) (${formatRate(records.records / Math.max(seconds, 1e-3))} records/s overall)`);
    say(`  checkpoints   ${checkpoints.files.length} (latest covers ${checkpoints.latestSize ?? 0})`);
    say(`  tree nodes    ${nodes.nodes.toLocaleString('en-US')} interior nodes in ${nodes.files.length} level file(s), and the stored leaf hashes`);
    say(`  ledger stays  ${stays.stays.toLocaleString('en-US')}`);
    say(`  verifier key  ${keys ? `${keys.keys.join(', ')} (from ${keys.from})` : 'none found: auditors must bring the key (--trusted-key)'}`);
    say(`  took          ${seconds.toFixed(1)} s`);
    if (keys && checkpoints.unverified > 0) say(`warning: ${checkpoints.unverified} checkpoint(s) do not verify with the exported key`);
    for (const w of records.warnings) say(`warning: ${w}`);
    if (records.records !== treeSize) say(`warning: the log head says ${treeSize} records, the table holds ${records.records}`);
    say(`Verify offline: npm run acs -- ledger verify ${o.dir} --trusted-key '<the published verifier key>'`);
    return 0;
  } catch (err) {
    await helper.query('ROLLBACK').catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await helper.end();
    await client.end();
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

/** A database URL fit to print: the password masked. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
