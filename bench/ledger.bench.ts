import { getDataSourceToken } from '@nestjs/typeorm';
import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { createApp } from '../apps/api/src/create-app.js';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options.js';
import { AccessLogRepository } from '../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind, type NewLogRecord } from '../apps/api/src/modules/access-log/access-log.types.js';
import { LogAppender } from '../apps/api/src/modules/access-log/log-appender.js';
import { testApiConfig } from '../test/support/test-config.js';
import { createTestDatabase } from '../test/support/test-database.js';
import type { Bench, BenchReport } from './bench-report.js';
import { benchServices, percentile } from './bench-services.js';
import { verifyPhase } from './ledger-verify.bench.js';

/**
 * The tamper-evident log under load: group-committed appends with Merkle updates vs plain batched INSERTs,
 * query latency on large logs, a 1 M-stay CSV export, and offline verification speed.
 * Args: [querySizes = 1000000, comma-separated, e.g. 1000000,10000000] [appendSeconds = 10] [exportStays = 1000000]
 * [verifyRecords = 1048576]. The api runs as the least-privilege acs_app role, as in production; the bench's own
 * setup (a plain table to compare with, bulk-generated rows) goes through an owner connection.
 */
export const bench: Bench = async (args) => {
  // Query sizes, comma-separated (e.g. 1000000,10000000): the log grows to each in turn and is queried at each.
  const querySizes = (args[0] ?? '1000000').split(',').map(Number).sort((a, b) => a - b);
  const appendSeconds = Number(args[1] ?? 10);
  const exportStays = Number(args[2] ?? 1_000_000);
  const verifyRecords = Number(args[3] ?? 1 << 20);
  const services = await benchServices();
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.MQTT_URL = services.mqttUrl;
  const rows: BenchReport['rows'] = [];
  const figures: BenchReport['figures'] = {};

  const db = await createTestDatabase();
  const config = testApiConfig(db.url, { LOG_LEVEL: 'error', ACS_CHECKPOINT_INTERVAL_S: '3600', ACS_CHECKPOINT_EVERY: '1000000' });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const ds = app.get<DataSource>(getDataSourceToken());
  const owner = await new DataSource(dataSourceOptions(db.url)).initialize();
  try {
    // 1. Appends: 64 writers, one record each call, for appendSeconds.
    const appender = app.get(LogAppender);
    const merkle = await sustained(appendSeconds, WRITERS, () => appender.append([event()]));
    // Same columns, constraints and indexes; no Merkle work (LIKE copies no triggers, which fire only on change anyway).
    await owner.query('CREATE TABLE bench_plain (LIKE access_log INCLUDING ALL)');
    const plain = await sustained(appendSeconds, WRITERS, plainInserter(owner));
    rows.push(
      { metric: `appends/s, Merkle + group commit (${WRITERS} writers)`, value: merkle.perSecond, unit: '/s', target: '≥ 5,000' },
      { metric: 'plain batched INSERTs/s (same grouping, no tree)', value: plain.perSecond, unit: '/s' },
      { metric: 'Merkle appends / plain INSERTs', value: merkle.perSecond / plain.perSecond, unit: '×' },
    );
    Object.assign(figures, { appendsPerSecond: round(merkle.perSecond), plainInsertsPerSecond: round(plain.perSecond), appendRatio: round(merkle.perSecond / plain.perSecond) });

    // 2. Queries on a large log (bulk-generated rows; query plans only care about volume and indexes).
    const log = app.get(AccessLogRepository);
    const [person] = await ds.query('SELECT id FROM people LIMIT 1');
    let generated = 0;
    for (const size of querySizes) {
      const t0 = performance.now();
      await bulkRecords(owner, size - generated);
      generated = size;
      const millions = `${(size / 1e6).toLocaleString('en-US')} M`;
      rows.push({ metric: `grow the log to ${millions} records`, value: (performance.now() - t0) / 1000, unit: 's' });
      const latencies = await queryLatencies(log, size, person.id);
      rows.push({ metric: `access-log query p95 at ${millions} records`, value: percentile(latencies.all, 95), unit: 'ms', target: '≤ 20' });
      for (const [filter, list] of latencies.byFilter) rows.push({ metric: `  p95, ${filter}`, value: percentile(list, 95), unit: 'ms' });
      figures[`queryP95Ms_${size}`] = round(percentile(latencies.all, 95));
    }
    figures.queryP95Ms = figures[`queryP95Ms_${querySizes[0]}`]!;

    // 3. A large ledger export over HTTP (CSV), time and memory of this process.
    await bulkStays(owner, exportStays);
    const exp = await timedExport(await app.getUrl(), config);
    rows.push(
      { metric: `CSV export of ${exportStays.toLocaleString('en-US')} stays`, value: exp.seconds, unit: 's', target: '≤ 15 (1 M)' },
      { metric: 'RSS growth during the export', value: exp.growthMb, unit: 'MB', target: '≤ 300 (1 M)' },
      { metric: 'peak RSS of this whole process (api + bench)', value: exp.peakRssMb, unit: 'MB' },
      { metric: 'CSV size', value: exp.bytes / 1024 / 1024, unit: 'MiB' },
    );
    Object.assign(figures, { exportStays, exportSeconds: round(exp.seconds), exportRssGrowthMb: round(exp.growthMb), exportPeakRssMb: round(exp.peakRssMb) });
  } finally {
    await owner.destroy();
    await app.close();
    await db.drop();
    await services.stop();
  }

  // 4. Offline verification: the verifier core in memory, and `acs ledger verify` end to end on a signed export.
  await verifyPhase(rows, figures, verifyRecords, 3);
  return { name: 'ledger: tamper-evident access log', rows, figures };
};

const round = (n: number) => Math.round(n * 100) / 100;
/** Concurrent writers: a busy site's bridges and api handlers appending at once. */
const WRITERS = Number(process.env.BENCH_WRITERS ?? 256);

function event(): NewLogRecord {
  return { id: uuidv7(), kind: LogKind.Door, type: 'door.opened', occurredAt: new Date(), source: 'bridge-1', doorId: 'door-a1', attemptId: uuidv7(), body: {} };
}

/** `writers` callers each awaiting `op` in a loop for `seconds`: completed operations per second. */
async function sustained(seconds: number, writers: number, op: () => Promise<unknown>): Promise<{ perSecond: number }> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, async () => {
    while (performance.now() < deadline) {
      await op();
      done++;
    }
  }));
  return { perSecond: done / ((performance.now() - started) / 1000) };
}

/** The same grouping without the Merkle tree: whatever is pending (≤ 2,000) goes into one plain INSERT. */
function plainInserter(ds: DataSource): () => Promise<void> {
  let pending: Array<() => void> = [];
  let flushing = false;
  let next = 0;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    // The appender's grouping exactly: let released callers queue again before each group is taken.
    await new Promise((resolve) => setImmediate(resolve));
    while (pending.length > 0) {
      const group = pending.splice(0, 2000);
      const ids = group.map(() => uuidv7());
      await ds.query(
        `INSERT INTO bench_plain (log_id, idx, id, kind, type, occurred_at, recorded_at, source, door_id, attempt_id, body, leaf_hash)
         SELECT 'main', $2::bigint + i, id, 'door', 'door.opened', now(), now(), 'bridge-1', 'door-a1', gen_random_uuid(), '{}', sha256(id::text::bytea)
           FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, i)`,
        [ids, next],
      );
      next += ids.length;
      group.forEach((resolve) => resolve());
      await new Promise((resolve) => setImmediate(resolve));
    }
    flushing = false;
  };
  return () => new Promise<void>((resolve) => {
    pending.push(resolve);
    void flush();
  });
}

/**
 * Grows the log by n records past what it holds, one per second going back in time from now, so a day's range
 * holds 86,400 records whatever the size. The rows bypass the appender (the head does not move): only volume and
 * indexes matter to the query plans.
 */
async function bulkRecords(ds: DataSource, n: number): Promise<void> {
  const [{ size }] = await ds.query(`SELECT size FROM log_heads WHERE log_id = 'main'`);
  const [{ next }] = await ds.query(`SELECT COALESCE(max(idx) + 1, 0) AS next FROM access_log WHERE log_id = 'main'`);
  const people: string[] = (await ds.query('SELECT id FROM people')).map((r: { id: string }) => r.id);
  const bulkBefore = Number(next) - Number(size);
  for (let start = 0; start < n; start += 200_000) {
    const count = Math.min(200_000, n - start);
    await ds.query(
      `INSERT INTO access_log (log_id, idx, id, kind, type, occurred_at, recorded_at, source, person_id, door_id, area_id, outcome, body, leaf_hash)
       SELECT 'main', $1::bigint + g, gen_random_uuid(), (ARRAY['attempt','decision','door'])[1 + g % 3], 'bench', now() - (($4::bigint + g) || ' seconds')::interval, now(),
              'bridge-1', ($3::uuid[])[1 + g % array_length($3::uuid[], 1)], 'door-' || (g % 50), 'area-a', CASE WHEN g % 3 = 1 THEN 'grant' END, '{}', sha256(g::text::bytea)
         FROM generate_series(0, $2::int - 1) AS g`,
      [Number(next) + start, count, people, bulkBefore + start],
    );
  }
  await ds.query('ANALYZE access_log');
}

const QUERY_FILTERS = ['door + day', 'kind + day', 'newest-first page', 'person + day'] as const;

/** 200 queries, the four filters in turn over random days of the log: latencies (ms) of all and of each filter. */
async function queryLatencies(log: AccessLogRepository, n: number, personId: string): Promise<{ all: number[]; byFilter: Map<string, number[]> }> {
  const all: number[] = [];
  const byFilter = new Map<string, number[]>(QUERY_FILTERS.map((f) => [f, []]));
  for (let i = 0; i < 200; i++) {
    const from = new Date(Date.now() - Math.random() * n * 1000);
    const to = new Date(from.getTime() + 86_400_000);
    const started = performance.now();
    switch (i % 4) {
      case 0: await log.query({ doorId: `door-${i % 50}`, from, to, limit: 100 }); break;
      case 1: await log.query({ kind: 'decision', from, to, limit: 100 }); break;
      case 2: await log.query({ before: { occurredAt: from, idx: Number.MAX_SAFE_INTEGER }, limit: 100 }); break;
      default: await log.query({ personId, from, to, limit: 100 }); break;
    }
    const ms = performance.now() - started;
    all.push(ms);
    byFilter.get(QUERY_FILTERS[i % 4]!)!.push(ms);
  }
  for (const list of [all, ...byFilter.values()]) list.sort((a, b) => a - b);
  return { all, byFilter };
}

async function bulkStays(ds: DataSource, n: number): Promise<void> {
  await ds.query(
    `INSERT INTO ledger_stays (id, person_id, area_id, entry_attempt_id, entry_door_id, entered_at, exit_attempt_id, exit_door_id, exited_at, method, exit_kind)
     SELECT gen_random_uuid(), p.id, 'area-a', gen_random_uuid(), 'door-a1', now() - (g || ' minutes')::interval, gen_random_uuid(), 'door-a1',
            now() - (g || ' minutes')::interval + interval '20 minutes', 'vein+pin', 'exit'
       FROM generate_series(1, $1::int) AS g, LATERAL (SELECT id FROM people ORDER BY id OFFSET g % 4 LIMIT 1) p`,
    [n],
  );
}

/** The export as a client sees it (curl in its own process), with the api process's memory sampled meanwhile. */
async function timedExport(apiUrl: string, config: ReturnType<typeof testApiConfig>): Promise<{ seconds: number; peakRssMb: number; growthMb: number; bytes: number }> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: config.adminPassword }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const curl = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{size_download} %{http_code}', '-H', `authorization: Bearer ${accessToken}`, `${apiUrl}/api/v1/ledger/export.csv`]);
    let text = '';
    curl.stdout.on('data', (c: Buffer) => (text += c.toString()));
    curl.once('error', reject);
    curl.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`curl exited ${code}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const [bytes, status] = out.split(' ').map(Number);
  if (status !== 200) throw new Error(`export answered ${status}`);
  return { seconds, peakRssMb: peak / 1024 / 1024, growthMb: (peak - baseline) / 1024 / 1024, bytes };
}
