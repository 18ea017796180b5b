import { jest } from '@jest/globals';
import { decodeRecord, leafHash, projectStays, type LedgerRecord } from '#domain';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { sheetTime } from '../../../apps/cli/src/ledger/compare-stays.js';
import type { Manifest } from '../../../apps/cli/src/ledger/export-layout.js';
import { LedgerApi, ledgerApi, runCli, tempDir, verifyJson } from './ledger-verify.support.js';

jest.setTimeout(120_000);

describe('ledger export and the offline verifier on an honest log', () => {
  let api: LedgerApi;
  let dir: string;
  let key: string;

  beforeAll(async () => {
    api = await ledgerApi();
    await api.day();
    key = await api.verifierKey();
    dir = join(tempDir('acs-ledger-'), 'export');
    const run = await runCli(['ledger', 'export', dir, '--records-per-file', '64'], api.env);
    if (run.code !== 0) throw new Error(`export failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  });
  afterAll(() => api?.close());

  it('writes the documented layout, every file listed with its SHA-256', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const [{ size }] = await api.ds.query('SELECT size::int FROM log_heads');
    expect(manifest).toMatchObject({ format: 'acs-ledger-export', formatVersion: 3, logId: 'main', treeSize: size, recordsPerFile: 64, origin: api.t.config.log.origin });
    expect(manifest.counts.records).toBe(size);
    expect(manifest.counts.checkpoints).toBe(readdirSync(join(dir, 'checkpoints')).length);
    expect(manifest.latestCheckpointSize).toBe(size - 3);
    expect(readdirSync(join(dir, 'records'))).toEqual(manifest.files.filter((f) => f.role === 'records').map((f) => f.path.slice('records/'.length)));
    for (const f of manifest.files) expect(createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex')).toBe(f.sha256);
    expect(readFileSync(join(dir, 'verifier-keys.txt'), 'utf8')).toBe(`${key}\n`);
    // Records are frames of their canonical bytes: the first one decodes to record 0, and hashes to its stored leaf.
    const records = readFileSync(join(dir, 'records/0000000000000000.bin'));
    const first = records.subarray(4, 4 + records.readUInt32BE(0));
    const decoded = decodeRecord(first);
    expect(decoded).toMatchObject({ ok: true, record: { idx: 0, logId: 'main' } });
    expect(leafHash(first).equals(readFileSync(join(dir, 'nodes/level-00.bin')).subarray(0, 32))).toBe(true);
  });

  it('prints the records as JSON lines for people (ledger records), each with its leaf hash', async () => {
    const run = await runCli(['ledger', 'records', dir, '--from', '1', '--count', '2']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { idx: number; logId: string; leafHash: string });
    const leaves = readFileSync(join(dir, 'nodes/level-00.bin'));
    expect(lines.map((l) => [l.idx, l.logId, l.leafHash])).toEqual([1, 2].map((i) => [i, 'main', leaves.subarray(32 * i, 32 * i + 32).toString('base64')]));
  });

  it('verifies with the published key: exit 0, every checkpoint, and the rebuilt ledger equals the exported sheet', async () => {
    const run = await runCli(['ledger', 'verify', dir, '--trusted-key', key]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/結果 \/ Result: OK/);
    expect(run.stdout).toMatch(/入退室管理簿 \/ Ledger +✓ 5 stays rebuilt from the records equal the 5 rows/);
    expect(run.stdout).toMatch(/未署名 \/ Not yet signed +- 3 record/);
    expect(run.stderr).toBe('');
    const { code, report } = await verifyJson(dir, '--trusted-key', key);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, keys: { source: 'given' }, files: [], warnings: [], records: { complete: true, unsignedTail: 3, problems: [] } });
    expect(report.records.checkpointsVerified).toBe(report.records.checkpointsTotal);
    expect(report.ledger).toMatchObject({ sheetStays: 5, rebuiltStays: 5, mismatches: [] });
  });

  it('rebuilds exactly the stays the api projected, field by field', async () => {
    const records = (await api.t.moduleRef.get(AccessLogRepository).range(0, 10_000)) as LedgerRecord[];
    const { stays, anomalies } = projectStays(records);
    expect(anomalies).toEqual([]);
    const rows = await api.ds.query('SELECT * FROM ledger_stays ORDER BY entered_at');
    const asRow = (s: (typeof stays)[number]) => ({
      person_id: s.personId, area_id: s.areaId, entry_attempt_id: s.entryAttemptId, entry_door_id: s.entryDoorId, entered_at: sheetTime(s.enteredAt),
      exit_attempt_id: s.exitAttemptId, exit_door_id: s.exitDoorId, method: s.method, escort_person_id: s.escortPersonId, purpose: s.purpose, exit_kind: s.exitKind,
    });
    const fromDb = rows.map(({ id: _id, exited_at: _exit, ...r }: Record<string, unknown>) => ({ ...r, entered_at: sheetTime(r.entered_at as Date) }));
    expect(stays.map(asRow)).toEqual(fromDb);
    expect(stays.map((s) => s.exitKind)).toEqual(['exit', 'exit', 'forgiven', 'exit', null]);
    expect(stays[1]).toMatchObject({ personId: api.t.ids.C0001, escortPersonId: api.t.ids.S0001, purpose: 'UPS点検 / UPS inspection' });
    // Exit times of real exits are the decision's time exactly; a forgive is stamped by the api a moment later.
    for (const [i, s] of stays.entries()) if (s.exitKind === 'exit') expect(s.exitedAt!.getTime()).toBe((rows[i].exited_at as Date).getTime());
  });

  it('verifies on one thread and on two worker threads alike, and reports its speed', async () => {
    const one = await verifyJson(dir, '--trusted-key', key, '--workers', '0');
    const two = await verifyJson(dir, '--trusted-key', key, '--workers', '2');
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(one.report.records).toMatchObject({ mode: 'sequential', workers: 0 });
    expect(two.report.records).toMatchObject({ mode: 'parallel', workers: 2 });
    expect(two.report.records.fallback).toBeUndefined();
    expect(two.report.records.processed).toBe(one.report.records.processed);
    const human = await runCli(['ledger', 'verify', dir, '--trusted-key', key, '--workers', '2', '--progress']);
    expect(human.stdout).toMatch(/records\/s, 2 worker threads/);
    expect(human.stderr).toMatch(/verify \[█+/); // the bar, forced on although stderr is no terminal
  });

  it("without a trusted key, uses the export's own key and warns that an auditor should bring theirs", async () => {
    const run = await runCli(['ledger', 'verify', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: checked against the key that came WITH the export/);
    expect(run.stdout).toMatch(/from the export itself/);
  });

  it('refuses to export into a directory that is not empty, and explains its usage', async () => {
    const again = await runCli(['ledger', 'export', dir], api.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);
    expect((await runCli(['ledger', 'verify'])).code).toBe(2);
    expect((await runCli(['ledger', 'export', tempDir('acs-x-'), '--records-per-file', '1000'], api.env)).stderr).toMatch(/power of two/);
    expect((await runCli(['ledger', 'verify', tempDir('acs-empty-')])).stderr).toMatch(/manifest\.json not found/);
  });
});
