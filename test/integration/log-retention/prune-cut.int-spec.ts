import { jest } from '@jest/globals';
import { uuidv7 } from 'uuidv7';
import { planCut } from '../../../apps/cli/src/log/prune-cut.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { LedgerAnnotationsService } from '../../../apps/api/src/modules/ledger/ledger-annotations.service.js';
import type { LedgerApi } from '../ledger-verify/ledger-verify.support.js';
import { DAY_MS, firstIdx, oldLog, prune, reportedCut, snapshot, stayId, type OldStays } from './log-retention.support.js';

jest.setTimeout(120_000);

/**
 * Where `log prune --dry-run` cuts a log whose first day is past retention: never through a stay, never below a
 * record that a later one still names, and never beyond what is signed. Each step adds to the log in the present.
 */
describe(planCut.name, () => {
  let api: LedgerApi;
  let stays: OldStays;

  beforeAll(async () => {
    ({ api, stays } = await oldLog());
  });
  afterAll(() => api?.close());

  /** A dry run, checked to change nothing. */
  const dryRun = async () => {
    const before = await snapshot(api);
    const run = await prune(api, ['--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dry run, nothing changed/);
    expect(await snapshot(api)).toEqual(before);
    return run;
  };

  it('stops before a stay that is still open, although every record is old and signed', async () => {
    const run = await dryRun();
    expect(run.stdout).toMatch(/limit +\d+: the latest checkpoint covers/);
    expect(reportedCut(run)).toBe(await firstIdx(api, stays.F));
    expect(run.stdout).toMatch(new RegExp(`held back .*entry attempt ${stays.F}\\), records [\\d,]+…still open`));
    expect(run.stdout).toMatch(/would prune records 0…\d+ \(\d+\), and 6 stay\(s\)/);
  });

  it('still stops there once the stay ends in the present: it straddles the cutoff', async () => {
    await api.attempt('S0003', 'exit');
    await api.sign();
    const run = await dryRun();
    expect(run.stdout).toMatch(/limit +\d+: record \d+ is not older than the cutoff/);
    expect(reportedCut(run)).toBe(await firstIdx(api, stays.F));
  });

  it('moves below a stay that a record of the present names, and further below a stay that move would split', async () => {
    const ledger = api.t.moduleRef.get(LedgerAnnotationsService);
    await ledger.correct(api.actor, await stayId(api, stays.E), '退室時刻を確認 / exit time checked');
    await api.sign();
    const run = await dryRun();
    // E is named by the correction; H began before E and ended after E's entry, so the cut goes below H.
    expect(await firstIdx(api, stays.H)).toBeLessThan(await firstIdx(api, stays.E));
    expect(reportedCut(run)).toBe(await firstIdx(api, stays.H));
    expect(run.stdout).toMatch(new RegExp(`entry attempt ${stays.H}`));
    expect(run.stdout).toMatch(/and 4 stay\(s\)/); // A, B, C and D
  });

  it('never cuts beyond what a checkpoint signs, nor through an attempt', async () => {
    const [{ signed }] = await api.ds.query('SELECT min(size)::int AS signed FROM checkpoints');
    const q = api.ds.createQueryRunner();
    try {
      await q.startTransaction();
      const plan = await planCut(q, { logId: 'main', cutoff: new Date(Date.now() - 400 * DAY_MS), signedSize: signed });
      expect(plan).toMatchObject({ done: 0, limit: signed, limitedBy: 'checkpoint' });
      expect(plan.cut).toBeLessThanOrEqual(signed);
      const [{ split }] = await q.query(`SELECT count(*)::int AS split FROM (SELECT attempt_id FROM access_log WHERE attempt_id IS NOT NULL
        GROUP BY attempt_id HAVING min(idx) < $1 AND max(idx) >= $1) s`, [plan.cut]);
      expect(split).toBe(0);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it("moves below an alarm that an acknowledgement of the present names", async () => {
    const [alarm] = await api.ds.query('SELECT idx::int FROM access_log WHERE id = $1', [stays.forcedOpen]);
    expect(alarm.idx).toBeLessThan(await firstIdx(api, stays.H));
    await api.t.moduleRef.get(AccessLogRepository).appendInTransaction([{
      id: uuidv7(), kind: LogKind.Alarm, type: 'alarm.acknowledged', occurredAt: new Date(), source: 'api', doorId: 'door-a1', areaId: 'area-a',
      body: { alarmId: stays.forcedOpen, alarmType: 'door.forced-open', comment: '2年前の記録を確認 / old record checked', by: { username: 'test-admin' } },
    }]);
    await api.sign();
    const run = await dryRun();
    expect(reportedCut(run)).toBe(alarm.idx);
    expect(run.stdout).toMatch(new RegExp(`alarm ${stays.forcedOpen}`));
  });
});
