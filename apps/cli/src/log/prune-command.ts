import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../../../api/src/database/data-source-options.js';
import { AccessLogRepository } from '../../../api/src/modules/access-log/access-log.repository.js';
import { exportCommand } from '../ledger/export-command.js';
import { DEFAULT_RECORDS_PER_FILE, MANIFEST, checkpointFile } from '../ledger/export-layout.js';
import { ExportSetupError, resolveDatabaseUrl, resolveVerifierKeys } from '../ledger/export-sources.js';
import { verifyExport } from '../ledger/verify-command.js';
import { printSummary } from '../ledger/verify-summary.js';
import { applyPrune, type Applied } from './prune-apply.js';
import { planCut, type CutPlan } from './prune-cut.js';
import { printPrune, type PruneReport } from './prune-summary.js';
import { retentionCutoff, retentionDays } from './retention-policy.js';

export interface PruneOptions {
  exportDir?: string;
  dryRun: boolean;
  before?: string;
  logId: string;
  verifierKeys: string[];
}

/**
 * `acs log prune`: as the database owner, (1) exports the log into a new directory and verifies that export
 * offline with the log's own key, stopping if anything fails, then (2) in one transaction redacts the records
 * past retention up to the cut (planCut), removes their stays from the entry ledger and appends a log.pruned
 * record naming the export. `--dry-run` only reports the cut.
 */
export async function pruneCommand(o: PruneOptions, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<number> {
  const started = Date.now();
  const retention = retentionDays(env);
  const cutoff = retentionCutoff(new Date(), retention.days, o.before);
  const db = resolveDatabaseUrl(env);
  const base: Pick<PruneReport, 'database' | 'retention' | 'cutoff' | 'before' | 'logId'> = { database: db, retention, cutoff, before: o.before, logId: o.logId };
  if (o.dryRun) {
    const plan = await inTransaction(db.url, 'rollback', async (q) => planCut(q, { logId: o.logId, cutoff, signedSize: await latestCheckpointSize(q, o.logId) }));
    printPrune({ ...base, plan, seconds: (Date.now() - started) / 1000 }, say);
    return 0;
  }
  if (!o.exportDir) throw new ExportSetupError('log prune needs --export-dir: records are exported and verified before anything is pruned');
  const keys = await resolveVerifierKeys(env, o.verifierKeys, db.url, o.logId);
  if (!keys) throw new ExportSetupError("log prune verifies the export with the log's own key: none found (ACS_LOG_SIGNING_KEY(_FILE), <ACS_DATA_DIR>/log-signing.key, or --verifier-key)");

  // (1) Export, and verify what was written, before anything changes.
  const dir = resolve(o.exportDir);
  await exportCommand({ dir, logId: o.logId, recordsPerFile: DEFAULT_RECORDS_PER_FILE, verifierKeys: o.verifierKeys }, env, say);
  say('');
  const verified = await verifyExport({ dir, trustedKeys: keys.keys, trustedKeyFiles: [] });
  printSummary(verified, say);
  say('');
  if (!verified.ok) {
    say('中止 / Aborted: the export does not verify, so nothing was pruned / 検証に失敗したため、何も削除していません');
    return 1;
  }
  const manifestBytes = readFileSync(join(dir, MANIFEST));
  const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
  const signedSize = verified.manifest.latestCheckpointSize ?? 0;

  // (2) One transaction; a database error rolls all of it back.
  const context = { dir, manifestSha256, signedSize, cutoff, retentionDays: retention.days, verified };
  let outcome: Awaited<ReturnType<typeof pruneInTransaction>>;
  try {
    outcome = await pruneInTransaction(db.url, o.logId, context);
  } catch (err) {
    if (!(err instanceof QueryFailedError)) throw err;
    say(`中止 / Aborted: the database refused the prune (${err.message}); it was rolled back, nothing was pruned / 何も削除していません`);
    return 1;
  }
  printPrune({ ...base, ...outcome, export: { dir, manifestSha256, records: verified.manifest.counts.records }, seconds: (Date.now() - started) / 1000 }, say);
  return 0;
}

interface PruneContext {
  readonly dir: string;
  readonly manifestSha256: string;
  readonly signedSize: number;
  readonly cutoff: Date;
  readonly retentionDays: number;
  readonly verified: Awaited<ReturnType<typeof verifyExport>>;
}

/** Plans the cut and prunes, holding the log head; commits only when there was something to prune. */
function pruneInTransaction(url: string, logId: string, c: PruneContext): Promise<{ plan: CutPlan; applied?: Applied }> {
  return inTransaction(url, 'commit', async (q) => {
    // The log head first, as every append takes it, so doors wait rather than deadlock.
    await q.query('SELECT size FROM log_heads WHERE log_id = $1 FOR UPDATE', [logId]);
    // Prune only what the verified export holds under its latest checkpoint, which must still be the database's.
    if (c.signedSize > 0) {
      const [row] = await q.query('SELECT note FROM checkpoints WHERE log_id = $1 AND size = $2', [logId, c.signedSize]);
      if (row?.note !== readFileSync(join(c.dir, checkpointFile(c.signedSize)), 'utf8')) throw new ExportSetupError(`checkpoint ${c.signedSize} in the database differs from the exported one: refused`);
    }
    const plan = await planCut(q, { logId, cutoff: c.cutoff, signedSize: c.signedSize });
    if (plan.cut <= plan.done) return { plan, commit: false };
    const applied = await applyPrune(q, new AccessLogRepository(q.connection), logId, plan, c.cutoff, {
      retentionDays: c.retentionDays,
      export: { manifestSha256: c.manifestSha256, treeSize: c.verified.manifest.treeSize, latestCheckpointSize: c.signedSize, exportedAt: c.verified.manifest.exportedAt },
      by: { tool: 'acs log prune', osUser: osUser() },
    });
    return { plan, applied, commit: true };
  });
}

/** One transaction on the owner's connection, committed only when asked to and when the work says so. */
async function inTransaction<T>(url: string, end: 'commit' | 'rollback', work: (q: QueryRunner) => Promise<T>): Promise<T> {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  const q = ds.createQueryRunner();
  try {
    await q.connect();
    await q.startTransaction();
    const result = await work(q);
    const commit = end === 'commit' && (result as { commit?: boolean }).commit !== false;
    if (commit) await q.commitTransaction();
    else await q.rollbackTransaction();
    return result;
  } finally {
    if (q.isTransactionActive) await q.rollbackTransaction();
    await q.release();
    await ds.destroy();
  }
}

async function latestCheckpointSize(q: QueryRunner, logId: string): Promise<number> {
  const [row] = await q.query('SELECT max(size)::bigint AS size FROM checkpoints WHERE log_id = $1', [logId]);
  return Number(row?.size ?? 0);
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined; // no passwd entry (containers): the record still says which tool did it
  }
}
