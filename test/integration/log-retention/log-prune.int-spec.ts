import { jest } from '@jest/globals';
import { verifyConsistency, verifyInclusion } from '#domain';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogProofsController } from '../../../apps/api/src/modules/access-log/log-proofs.controller.js';
import { LogProofsService } from '../../../apps/api/src/modules/access-log/log-proofs.service.js';
import { FindingsService } from '../../../apps/api/src/modules/ledger/findings.service.js';
import { LedgerAnnotationsService } from '../../../apps/api/src/modules/ledger/ledger-annotations.service.js';
import { LedgerRepository } from '../../../apps/api/src/modules/ledger/ledger.repository.js';
import { pruneCommand } from '../../../apps/cli/src/log/prune-command.js';
import { type LedgerApi, runCli, verifyJson } from '../ledger-verify/ledger-verify.support.js';
import { AGE_DAYS, DAY_MS, exportDir, firstIdx, oldLog, prune, reportedCut, snapshot, type OldStays } from './log-retention.support.js';

jest.setTimeout(180_000);

/**
 * Retention end to end: a log whose first day is past ACS_RETENTION_DAYS, with checkpoints signed back then and a
 * stay that began then and ended in the present. `acs log prune` exports and verifies, then redacts the records
 * below the cut; the log, its proofs, the api and the offline verifier carry on over the leaf-only prefix.
 */
describe(pruneCommand.name, () => {
  let api: LedgerApi;
  let stays: OldStays;
  let key: string;
  let cut: number;
  let pruneDir: string;
  let before: Record<string, unknown>;
  let present: string[];

  beforeAll(async () => {
    ({ api, stays } = await oldLog());
    await api.attempt('S0003', 'exit'); // F, entered on the old day, leaves now: it holds the cut back
    present = [await api.attempt('S0001')];
    await api.attempt('S0001', 'exit');
    present.push(await api.attempt('S0002'));
    await api.t.moduleRef.get(LedgerAnnotationsService).setPurpose(api.actor, await api.openStay('S0002'), 'ラック増設 / rack install');
    await api.doorEvents(5);
    await api.sign();
    key = await api.verifierKey();
  });
  afterAll(() => api?.close());

  it('refuses a cutoff less than a year ago, whatever it is told, and changes nothing', async () => {
    const state = await snapshot(api);
    const recent = new Date(Date.now() - 200 * DAY_MS).toISOString().slice(0, 10);
    for (const [args, env, message] of [
      [['--dry-run'], { ACS_RETENTION_DAYS: '364' }, /ACS_RETENTION_DAYS=364: must be whole days from 365/],
      [['--dry-run', '--before', recent], { ACS_RETENTION_DAYS: '365' }, /retention period keeps/],
      [['--export-dir', exportDir('refused'), '--before', recent], {}, /retention period keeps/],
    ] as const) {
      const run = await prune(api, [...args], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect((await prune(api, [])).stderr).toMatch(/needs --export-dir/);
    expect(await snapshot(api)).toEqual(state);
  });

  it('stops, changing nothing, when the export does not verify', async () => {
    const state = await snapshot(api);
    const idx = await firstIdx(api, stays.A);
    const [{ reason }] = await api.ds.query('SELECT reason FROM access_log WHERE idx = $1', [idx]);
    await api.asOwner(`UPDATE access_log SET reason = 'FORGED' WHERE idx = $1`, [idx]);
    try {
      const dir = exportDir('abort');
      const run = await prune(api, ['--export-dir', dir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`最初の不正箇所 / First bad index: ${idx}`));
      expect(run.stdout).toMatch(/Aborted: the export does not verify, so nothing was pruned/);
      expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
    } finally {
      await api.asOwner('UPDATE access_log SET reason = $2 WHERE idx = $1', [idx, reason]);
    }
    expect(await snapshot(api)).toEqual(state);
  });

  it("is refused by the database as the api's role, which may not pause the trigger: rolled back, nothing changed", async () => {
    const state = await snapshot(api);
    const url = new URL(api.env.DATABASE_URL!);
    url.searchParams.set('options', '-c role=acs_app');
    const run = await prune(api, ['--export-dir', exportDir('app-role')], { DATABASE_URL: url.toString() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Result: OK — 検証成功/); // reading and exporting is allowed
    expect(run.stdout).toMatch(/Aborted: the database refused the prune \(must be owner of table access_log\); it was rolled back/);
    expect(await snapshot(api)).toEqual(state);
  });

  it('exports and verifies with the log\'s key, then prunes up to the cut in one transaction and records that', async () => {
    before = await snapshot(api);
    pruneDir = exportDir('prune');
    const run = await prune(api, ['--export-dir', pruneDir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    cut = reportedCut(run);
    expect(cut).toBe(await firstIdx(api, stays.F));
    expect(run.stdout).toMatch(/結果 \/ Result: OK — 検証成功/); // the export's verification, printed first
    expect(run.stdout).toMatch(new RegExp(`pruned +records 0…${cut - 1} \\(${cut}\\) redacted in place, leaf hashes kept; 6 stay\\(s\\) removed`));
    expect(run.stdout).toMatch(new RegExp(`Result: OK — ${cut} record\\(s\\) pruned`));

    const [record] = await api.ds.query(`SELECT idx::int, kind, source, body FROM access_log WHERE type = 'log.pruned'`);
    expect(record).toMatchObject({ kind: 'admin', source: 'acs-cli', body: {
      upToIdx: cut, previousUpToIdx: 0, records: cut, stays: 6, retentionDays: 400,
      export: { manifestSha256: createHash('sha256').update(readFileSync(join(pruneDir, 'manifest.json'))).digest('hex'), treeSize: before.size },
    } });
    expect(record.idx).toBe(before.size);
    expect((await verifyJson(pruneDir, '--trusted-key', key)).report).toMatchObject({ ok: true, retention: { pruned: 0, problems: [] } });
  });

  it('leaves no personal data in a pruned row: its index, id, source time and leaf hash only, each leaf hash as it was', async () => {
    const rows = await api.ds.query('SELECT * FROM access_log WHERE idx < $1 ORDER BY idx', [cut]);
    expect(rows).toHaveLength(cut);
    for (const { log_id: logId, idx, id, occurred_at: occurredAt, leaf_hash: leafHash, pruned_at: prunedAt, ...rest } of rows) {
      expect([logId, Number.isSafeInteger(Number(idx)), typeof id, occurredAt instanceof Date, leafHash.length, prunedAt instanceof Date]).toEqual(['main', true, 'string', true, 32, true]);
      expect(rest).toEqual({
        kind: 'pruned', type: null, recorded_at: null, source: null, source_seq: null, attempt_id: null, person_id: null, area_id: null,
        door_id: null, reader_id: null, outcome: null, reason: null, body: null,
      });
    }
    const [{ live }] = await api.ds.query('SELECT count(*)::int AS live FROM access_log WHERE idx >= $1 AND pruned_at IS NULL', [cut]);
    expect(live).toBe((before.size as number) + 1 - cut);
    const after = await snapshot(api);
    expect((after.leaves as string[]).slice(0, before.size as number)).toEqual(before.leaves);
  });

  it('keeps the entry ledger to the stays entered after the cut; the day reviews stay', async () => {
    const remaining = (await api.ds.query('SELECT entry_attempt_id FROM ledger_stays')).map((r: { entry_attempt_id: string }) => r.entry_attempt_id);
    expect(remaining.sort()).toEqual([stays.F, stays.G, ...present].sort());
    const [{ reviews }] = await api.ds.query('SELECT count(*)::int AS reviews FROM ledger_day_reviews');
    expect(reviews).toBe(before.reviews);
    const { rows } = await api.t.moduleRef.get(LedgerRepository).list({ limit: 100, offset: 0, timeZone: 'Asia/Tokyo' });
    expect(rows.map((r) => r.entryAttemptId).sort()).toEqual([...remaining].sort());
  });

  it('exports again and verifies offline: every old checkpoint over the leaf-only prefix, the ledger exactly equal', async () => {
    const dir = exportDir('after');
    const exported = await runCli(['ledger', 'export', dir, '--records-per-file', '16'], api.env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`pruned +${cut} record\\(s\\) pruned by retention`));
    // A pruned record's frame: 41 bytes of tag 0x00, its index and its stored leaf hash.
    const records = readFileSync(join(dir, 'records/0000000000000000.bin'));
    expect([records.readUInt32BE(0), records[4], Number(records.readBigInt64BE(5))]).toEqual([41, 0x00, 0]);
    expect(records.subarray(13, 45).equals(readFileSync(join(dir, 'nodes/level-00.bin')).subarray(0, 32))).toBe(true);
    const [{ oldest }] = await api.ds.query('SELECT min(size)::int AS oldest FROM checkpoints');
    expect(oldest).toBeLessThan(cut); // a checkpoint that now signs pruned leaves only
    for (const workers of ['0', '2']) {
      const { code, report } = await verifyJson(dir, '--trusted-key', key, '--workers', workers);
      expect(code).toBe(0);
      expect(report).toMatchObject({ ok: true, warnings: [], records: { complete: true, problems: [] }, ledger: { sheetStays: 4, rebuiltStays: 4, mismatches: [] } });
      expect(report.records.checkpointsVerified).toBe(report.records.checkpointsTotal);
      expect((report as unknown as { retention: unknown }).retention).toEqual({ pruned: cut, declaration: { idx: before.size, upToIdx: cut }, problems: [] });
    }
    expect((await runCli(['ledger', 'verify', dir, '--trusted-key', key])).stdout).toMatch(new RegExp(`保存期間 / Retention +✓ records 0…${cut - 1} pruned`));
  });

  it('still proves inclusion and consistency, lists pruned records as leaf hashes, and shows them nowhere else', async () => {
    const proofs = api.t.moduleRef.get(LogProofsService);
    const checkpoints = await api.ds.query('SELECT size::int, root FROM checkpoints ORDER BY size');
    const [oldest, latest] = [checkpoints[0], checkpoints.at(-1)];
    const leaf = await proofs.inclusion(1, oldest.size);
    expect(verifyInclusion(leaf.leafHash, 1, oldest.size, leaf.proof, oldest.root)).toBe(true);
    const across = await proofs.consistency(oldest.size, latest.size);
    expect(verifyConsistency(oldest.size, latest.size, oldest.root, latest.root, across.proof)).toBe(true);

    const listed = await api.t.moduleRef.get(LogProofsController).list({ start: 0, limit: cut + 1 });
    expect(listed[0]).toEqual({ idx: 0, leafHash: (before.leaves as string[])[0], pruned: true });
    expect(listed.slice(0, cut).every((r) => Object.keys(r).length === 3 && 'pruned' in r)).toBe(true);
    expect(listed[cut]).toMatchObject({ idx: cut, attemptId: stays.F });

    const queried = await api.t.moduleRef.get(AccessLogRepository).query({ limit: 1000 });
    expect(Math.min(...queried.map((r) => r.idx))).toBe(cut);
    const oldDay = { from: new Date(Date.now() - (AGE_DAYS + 2) * DAY_MS), to: new Date(Date.now() - (AGE_DAYS - 2) * DAY_MS) };
    const findings = await api.t.moduleRef.get(FindingsService).list(oldDay.from, oldDay.to);
    // A pruned row keeps its id, and an attempt's record has the attempt's id: no finding may name one.
    const pruned = new Set((await api.ds.query('SELECT id FROM access_log WHERE pruned_at IS NOT NULL')).map((r: { id: string }) => r.id));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => pruned.has(f.recordId) || pruned.has(f.attemptId))).toEqual([]);
  });

  it('finds nothing more to prune when run again', async () => {
    const state = await snapshot(api);
    const run = await prune(api, ['--export-dir', exportDir('again')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/保存期間 \/ Retention +✓/); // the new export verified over the pruned prefix
    expect(run.stdout).toMatch(/nothing to prune/);
    expect(reportedCut(run)).toBe(cut);
    expect(await snapshot(api)).toEqual(state);
  });

  it('catches a record blanked outside retention, at its index', async () => {
    const idx = cut + 3;
    await api.asOwner(`UPDATE access_log SET kind = 'pruned', type = NULL, recorded_at = NULL, source = NULL, source_seq = NULL, attempt_id = NULL,
      person_id = NULL, area_id = NULL, door_id = NULL, reader_id = NULL, outcome = NULL, reason = NULL, body = NULL, pruned_at = now() WHERE idx = $1`, [idx]);
    const dir = exportDir('blanked');
    expect((await runCli(['ledger', 'export', dir, '--records-per-file', '16'], api.env)).code).toBe(0);
    for (const workers of ['0', '2']) {
      const { code, report } = await verifyJson(dir, '--trusted-key', key, '--workers', workers);
      expect(code).toBe(1);
      expect(report.firstBadIndex).toBe(idx);
      expect(report.records.problems).toEqual([]); // the tree itself cannot tell: the leaf hash is the signed one
    }
  });
});
