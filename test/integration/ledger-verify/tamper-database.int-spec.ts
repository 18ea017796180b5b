import { jest } from '@jest/globals';
import { recordLeafHash, type LedgerRecord } from '#domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LedgerApi, ledgerApi, runCli, tempDir, verifyJson } from './ledger-verify.support.js';

jest.setTimeout(120_000);

/**
 * Someone with the database owner's rights changes the log behind the api's back, then the log is exported and
 * checked offline. Each test undoes its change afterwards, and the last one shows the log verifies again.
 */
describe('the offline verifier against a tampered database', () => {
  let api: LedgerApi;
  let key: string;
  let checkpointSizes: number[];

  beforeAll(async () => {
    api = await ledgerApi();
    await api.day();
    key = await api.verifierKey();
    checkpointSizes = (await api.ds.query('SELECT size::int FROM checkpoints ORDER BY size')).map((r: { size: number }) => r.size);
  });
  afterAll(() => api?.close());

  const exportNow = async (): Promise<string> => {
    const dir = join(tempDir('acs-tamper-'), 'export');
    const run = await runCli(['ledger', 'export', dir, '--records-per-file', '32'], api.env);
    if (run.code !== 0) throw new Error(`export failed:\n${run.stdout}\n${run.stderr}`);
    return dir;
  };
  const idxOf = async (where: string, params: unknown[] = []): Promise<number> => Number((await api.ds.query(`SELECT idx FROM access_log WHERE ${where} ORDER BY idx LIMIT 1`, params))[0].idx);
  /** Both verifier paths must agree: one thread, and two workers (which re-check on one thread when anything is off). */
  const verifyBoth = async (dir: string) => {
    const one = await verifyJson(dir, '--trusted-key', key, '--workers', '0');
    const two = await verifyJson(dir, '--trusted-key', key, '--workers', '2');
    expect(two.report.records.problems).toEqual(one.report.records.problems);
    expect(two.report.firstBadIndex).toBe(one.report.firstBadIndex);
    return one;
  };

  it('catches a superuser edit of one record at its exact index (the record was altered after it was signed)', async () => {
    const k = await idxOf(`type = 'decision.online' AND person_id = $1`, [api.t.ids.C0001]);
    expect(k).toBeLessThan(checkpointSizes[0]!);
    await api.asOwner(`UPDATE access_log SET occurred_at = occurred_at - interval '1 hour' WHERE idx = $1`, [k]);
    try {
      const dir = await exportNow();
      const { code, report } = await verifyBoth(dir);
      expect(code).toBe(1);
      expect(report.firstBadIndex).toBe(k);
      expect(report.records.problems).toEqual([expect.objectContaining({ problem: 'leaf-mismatch', firstBadIndex: k, verdict: 'record-altered' })]);
      const human = await runCli(['ledger', 'verify', dir, '--trusted-key', key]);
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(new RegExp(`First bad index: ${k}\\n`));
      expect(human.stdout).toMatch(/Result: FAILED/);
    } finally {
      await api.asOwner(`UPDATE access_log SET occurred_at = occurred_at + interval '1 hour' WHERE idx = $1`, [k]);
    }
  });

  it('catches a deleted record at its exact index', async () => {
    const k = await idxOf(`kind = 'door' AND idx > $1`, [checkpointSizes[0]! + 2]);
    const [{ row }] = await api.ds.query('SELECT row_to_json(a) AS row FROM access_log a WHERE idx = $1', [k]);
    await api.asOwner('DELETE FROM access_log WHERE idx = $1', [k]);
    try {
      const { code, report } = await verifyBoth(await exportNow());
      expect(code).toBe(1);
      expect(report.firstBadIndex).toBe(k);
      expect(report.records.problems).toEqual([expect.objectContaining({ problem: 'missing-record', firstBadIndex: k })]);
    } finally {
      await api.ds.query('INSERT INTO access_log SELECT * FROM json_populate_record(NULL::access_log, $1::json)', [JSON.stringify(row)]);
    }
  });

  it('narrows a record rewritten together with its stored leaf hash to at most two records, using the stored tree nodes', async () => {
    const [from, to] = [checkpointSizes[0]!, checkpointSizes[1]!];
    const k = await idxOf(`kind = 'door' AND idx > $1 AND idx % 2 = 1`, [from + 8]);
    expect(to - from).toBeGreaterThan(16); // without the nodes the answer would be this whole interval
    const [original] = await api.t.moduleRef.get(AccessLogRepository).range(k, 1);
    const forged = { ...(original as LedgerRecord), reason: 'FORGED' };
    await api.asOwner('UPDATE access_log SET reason = $2, leaf_hash = $3 WHERE idx = $1', [k, 'FORGED', recordLeafHash(forged)]);
    try {
      const { code, report } = await verifyBoth(await exportNow());
      expect(code).toBe(1);
      const [problem] = report.records.problems;
      expect(problem).toMatchObject({ problem: 'root-mismatch', checkpointSize: to });
      expect(report.suspectRange!.from).toBeLessThanOrEqual(k);
      expect(report.suspectRange!.to).toBeGreaterThan(k);
      expect(report.suspectRange!.to - report.suspectRange!.from).toBeLessThanOrEqual(2);
    } finally {
      await api.asOwner('UPDATE access_log SET reason = NULL, leaf_hash = $2 WHERE idx = $1', [k, recordLeafHash(original as LedgerRecord)]);
    }
  });

  it('catches a stay changed in the ledger table (which the api role may write) at the record it contradicts', async () => {
    const exitIdx = await idxOf(`type = 'decision.online' AND person_id = $1 AND body->>'direction' = 'exit'`, [api.t.ids.S0001]);
    await api.ds.query(`UPDATE ledger_stays SET exited_at = exited_at + interval '2 hours' WHERE person_id = $1`, [api.t.ids.S0001]);
    try {
      const { code, report } = await verifyBoth(await exportNow());
      expect(code).toBe(1);
      expect(report.records.problems).toEqual([]);
      expect(report.ledger!.mismatches).toEqual([expect.objectContaining({ idx: exitIdx, message: expect.stringMatching(/exitedAt/) })]);
      expect(report.firstBadIndex).toBe(exitIdx);
    } finally {
      await api.ds.query(`UPDATE ledger_stays SET exited_at = exited_at - interval '2 hours' WHERE person_id = $1`, [api.t.ids.S0001]);
    }
  });

  it('names a time edited below the millisecond, which the signed record cannot show, in the export and the verdict', async () => {
    const k = await idxOf(`kind = 'door'`);
    await api.asOwner(`UPDATE access_log SET occurred_at = occurred_at + interval '250 microseconds' WHERE idx = $1`, [k]);
    try {
      const dir = join(tempDir('acs-tamper-'), 'export');
      const run = await runCli(['ledger', 'export', dir], api.env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`warning: record ${k} has a time with sub-millisecond digits`));
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { warnings?: string[] };
      expect(manifest.warnings).toEqual([expect.stringMatching(new RegExp(`^record ${k} `))]);
      const { report } = await verifyJson(dir, '--trusted-key', key);
      expect(report.warnings).toEqual([expect.stringMatching(new RegExp(`record ${k} has a time with sub-millisecond digits`))]);
    } finally {
      await api.asOwner(`UPDATE access_log SET occurred_at = occurred_at - interval '250 microseconds' WHERE idx = $1`, [k]);
    }
  });

  it('verifies again once every change is undone', async () => {
    const { code, report } = await verifyBoth(await exportNow());
    expect(report.warnings).toEqual([]);
    expect(code).toBe(0);
  });
});
