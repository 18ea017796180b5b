import { generateNoteKey, parseSignerKey, parseVerifierKey, recordLeafHash, signCheckpoint, TreeFrontier, verifyLog, type LedgerRecord } from '#domain';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { Bench, BenchReport } from './bench-report.js';
import { writeSyntheticExport } from './synthetic-export.js';

/**
 * Offline verification speed (`npm run bench -- ledger-verify [RECORDS] [RUNS]`, also the last phase of the
 * ledger bench): the verifier core in memory, then `acs ledger verify` end to end — the compiled CLI in its own
 * process, on a signed synthetic export in the exporter's layout, with its default two worker threads and with
 * one thread. BENCH_EXPORT_DIR keeps the export between runs (it is generated there when absent); BENCH_CLI runs
 * another build's main.js instead (e.g. the previous commit's, for a before/after pair).
 */
export const bench: Bench = async (args) => {
  const rows: BenchReport['rows'] = [];
  const figures: BenchReport['figures'] = {};
  await verifyPhase(rows, figures, Number(args[0] ?? 1 << 20), Number(args[1] ?? 3));
  return { name: 'ledger verify: offline verification of an export', rows, figures };
};

/** Appends the verify rows and figures (shared with the ledger bench). */
export async function verifyPhase(rows: BenchReport['rows'], figures: BenchReport['figures'], records: number, runs: number): Promise<void> {
  const v = verifySpeed(300_000);
  rows.push({ metric: 'verifier core in memory, full records (1 thread)', value: v.recordsPerSecond, unit: '/s' });
  rows.push({ metric: 'verifier core in memory, leaf hashes only (1 thread)', value: v.leavesPerSecond, unit: '/s' });
  Object.assign(figures, { verifyRecordsPerSecond: round(v.recordsPerSecond), verifyLeavesPerSecond: round(v.leavesPerSecond) });

  const kept = process.env.BENCH_EXPORT_DIR;
  const dir = kept ? resolve(kept) : join(mkdtempSync(join(tmpdir(), 'acs-verify-bench-')), 'export');
  try {
    if (!existsSync(join(dir, 'manifest.json'))) {
      const t = performance.now();
      const made = writeSyntheticExport(dir, { records });
      rows.push({ metric: `write a synthetic export (${made.records.toLocaleString('en-US')} records, ${made.checkpoints} checkpoints, ${made.stays.toLocaleString('en-US')} stays)`, value: (performance.now() - t) / 1000, unit: 's' });
      rows.push({ metric: 'export size', value: made.bytes / 2 ** 20, unit: 'MiB' });
    }
    const key = readFileSync(join(dir, 'verifier-keys.txt'), 'utf8').trim();
    for (const workers of [2, 0]) {
      const rates: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        const load = loadavg()[0]!;
        const run = await cliVerify(dir, key, workers);
        rates.push(run.recordsPerSecond);
        rows.push({
          metric: `acs ledger verify, ${workers ? `${workers} worker threads` : 'one thread'}, run ${i + 1} (load ${load.toFixed(2)})`,
          value: run.recordsPerSecond, unit: '/s', target: workers ? '≥ 1,000,000' : undefined,
        });
        rows.push({ metric: `  wall time (records phase ${run.recordsSeconds.toFixed(2)} s), peak RSS ${run.peakRssMb.toFixed(0)} MB`, value: run.seconds, unit: 's' });
        rows.push({ metric: `  CPU time (all threads), and records per CPU-second ${Math.round(run.processed / Math.max(run.cpuSeconds, 1e-3)).toLocaleString('en-US')}`, value: run.cpuSeconds, unit: 's' });
        cpu.push(run.processed / Math.max(run.cpuSeconds, 1e-3));
      }
      const best = Math.max(...rates);
      figures[workers ? 'cliVerifyRecordsPerSecond' : 'cliVerifyOneThreadRecordsPerSecond'] = round(best);
      figures[workers ? 'cliVerifyRecordsPerSecondMedian' : 'cliVerifyOneThreadRecordsPerSecondMedian'] = round(median(rates));
      figures[workers ? 'cliVerifyRecordsPerCpuSecond' : 'cliVerifyOneThreadRecordsPerCpuSecond'] = round(median(cpu));
    }
    figures.loadAverage = round(loadavg()[0]!);
  } finally {
    if (!kept) rmSync(dirname(dir), { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface CliRun {
  processed: number;
  recordsPerSecond: number;
  seconds: number;
  recordsSeconds: number;
  peakRssMb: number;
  /** User + system CPU seconds of the whole process (all threads), sampled every 100 ms: a figure less at the mercy of other load. */
  cpuSeconds: number;
}

/** The compiled CLI as an auditor runs it; records/s over the whole process's wall time. */
function cliVerify(dir: string, key: string, workers: number): Promise<CliRun> {
  const cli = resolve(process.env.BENCH_CLI ?? 'dist/apps/cli/src/main.js');
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'ledger', 'verify', dir, '--trusted-key', key, '--workers', String(workers), '--json', '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    let cpu = 0;
    const sampler = setInterval(() => {
      const s = procStatus(child.pid);
      peak = Math.max(peak, s.rss);
      cpu = Math.max(cpu, s.cpuSeconds);
    }, 100);
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return fail(new Error(`verify exited ${code}:\n${out.slice(0, 2000)}\n${err}`));
      const report = JSON.parse(out) as { records: { processed: number; seconds: number } };
      done({ processed: report.records.processed, recordsPerSecond: report.records.processed / seconds, seconds, recordsSeconds: report.records.seconds, peakRssMb: peak / 2 ** 20, cpuSeconds: cpu });
    });
  });
}

/** Resident set size and CPU time so far of a process, from /proc (zeros where there is none). */
function procStatus(pid: number | undefined): { rss: number; cpuSeconds: number } {
  try {
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { rss, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
  } catch {
    return { rss: 0, cpuSeconds: 0 };
  }
}

/** USER_HZ, which Linux fixes at 100 for /proc. */
const CLOCK_TICKS = 100;

function verifySpeed(n: number): { recordsPerSecond: number; leavesPerSecond: number } {
  const key = generateNoteKey('bench.localhost/access-log');
  const signer = parseSignerKey(key.signerKey);
  const verifier = parseVerifierKey(key.verifierKey);
  if (!signer.ok || !verifier.ok) throw new Error('key');
  const records: LedgerRecord[] = [];
  const frontier = TreeFrontier.empty();
  for (let i = 0; i < n; i++) {
    const r: LedgerRecord = { logId: 'main', idx: i, id: uuidv7(), kind: 'door', type: 'door.opened', occurredAt: new Date(1_795_600_000_000 + i), recordedAt: new Date(1_795_600_000_000 + i), source: 'bridge-1', doorId: 'door-a1', body: { n: i } };
    records.push(r);
    frontier.append(recordLeafHash(r));
  }
  const note = signCheckpoint({ origin: 'bench.localhost/access-log', size: n, rootHash: frontier.root() }, [signer.key]);
  const options = { checkpoints: [note], verifiers: [verifier.key], origin: 'bench.localhost/access-log' };
  let t = performance.now();
  const full = verifyLog(records.map((record) => ({ record })), options);
  const recordsPerSecond = n / ((performance.now() - t) / 1000);
  const leaves = records.map((record) => ({ idx: record.idx, leafHash: recordLeafHash(record) }));
  t = performance.now();
  const leafOnly = verifyLog(leaves, options);
  const leavesPerSecond = n / ((performance.now() - t) / 1000);
  if (!full.ok || !leafOnly.ok) throw new Error('bench log did not verify');
  return { recordsPerSecond, leavesPerSecond };
}
