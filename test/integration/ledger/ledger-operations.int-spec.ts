import { ReasonCode } from '#domain';
import { uuidv7 } from 'uuidv7';
import { AccessDecisionsModule } from '../../../apps/api/src/modules/access-decisions/access-decisions.module.js';
import { AccessDecisionsService } from '../../../apps/api/src/modules/access-decisions/access-decisions.service.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { AreasModule } from '../../../apps/api/src/modules/areas/areas.module.js';
import { AreasService } from '../../../apps/api/src/modules/areas/areas.service.js';
import { FindingsService } from '../../../apps/api/src/modules/ledger/findings.service.js';
import { LedgerAnnotationsService } from '../../../apps/api/src/modules/ledger/ledger-annotations.service.js';
import { LedgerModule } from '../../../apps/api/src/modules/ledger/ledger.module.js';
import { LedgerRepository } from '../../../apps/api/src/modules/ledger/ledger.repository.js';
import { OccupancyService } from '../../../apps/api/src/modules/ledger/occupancy.service.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';
import { decisionRequest } from '../../support/decision-request.js';

describe('ledger operations', () => {
  let t: ApiTestModule;
  let decide: AccessDecisionsService;
  const actor = adminActor();

  beforeAll(async () => {
    t = await apiTestModule([AccessDecisionsModule, LedgerModule, AreasModule]);
    decide = t.moduleRef.get(AccessDecisionsService);
  });
  afterAll(() => t?.close());

  const attempt = (personNo: string, direction: 'entry' | 'exit' = 'entry') =>
    decide.decide(decisionRequest(t.config.mqtt.baseTopic, personNo, t.ids[personNo], { direction }));
  const openStay = async (personNo: string): Promise<string> =>
    (await t.ds.query('SELECT id FROM ledger_stays WHERE person_id = $1 AND exited_at IS NULL', [t.ids[personNo]]))[0]?.id;
  const doorEvent = (type: string, attemptId: string, at: Date, body: Record<string, unknown> = {}) =>
    t.moduleRef.get(AccessLogRepository).appendInTransaction([
      { id: uuidv7(), kind: LogKind.Door, type, occurredAt: at, source: 'bridge-1', doorId: 'door-a1', areaId: 'area-a', attemptId, body },
    ]);

  describe('anti-passback', () => {
    it('denies a second entry without an exit', async () => {
      expect((await attempt('S0001')).outcome).toBe('grant');
      expect(await attempt('S0001')).toMatchObject({ outcome: 'deny', reason: ReasonCode.AntiPassback });
    });

    it('lets an operator forgive with a reason, then admits again', async () => {
      const ledger = t.moduleRef.get(LedgerAnnotationsService);
      await ledger.forgive(actor, await openStay('S0001'), '共連れで退出、退室記録なし');
      const [closed] = await t.ds.query(`SELECT exit_kind FROM ledger_stays WHERE person_id = $1 ORDER BY entered_at LIMIT 1`, [t.ids.S0001]);
      expect(closed.exit_kind).toBe('forgiven');
      const [record] = await t.ds.query(`SELECT kind, body, occurred_at FROM access_log WHERE type = 'stay.forgiven'`);
      expect(record).toMatchObject({ kind: 'annotation', body: { reason: '共連れで退出、退室記録なし' } });
      // The ledger's exit time is the record's time, so a rebuild from the log gives exactly the same stay.
      const [forgiven] = await t.ds.query(`SELECT exited_at FROM ledger_stays WHERE exit_kind = 'forgiven'`);
      expect(forgiven.exited_at.getTime()).toBe(record.occurred_at.getTime());
      expect((await attempt('S0001')).outcome).toBe('grant');
      await expect(ledger.forgive(actor, (await t.ds.query(`SELECT id FROM ledger_stays WHERE exit_kind = 'forgiven'`))[0].id, 'again')).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('lockdown', () => {
    it('denies every entry while locked down, lets people out, and admits again after release', async () => {
      const areas = t.moduleRef.get(AreasService);
      expect(await areas.setLockdown(actor, 'area-a', true, '訓練 / drill')).toMatchObject({ lockdownReason: '訓練 / drill', inside: 1 });
      expect(await attempt('S0002')).toMatchObject({ outcome: 'deny', reason: ReasonCode.AreaLockdown });
      expect((await attempt('S0001', 'exit')).outcome).toBe('grant');
      await expect(areas.setLockdown(actor, 'area-a', true, 'twice')).rejects.toMatchObject({ code: 'CONFLICT' });
      await areas.setLockdown(actor, 'area-a', false, '訓練終了');
      expect((await attempt('S0002')).outcome).toBe('grant');
    });
  });

  it('shows who is inside (muster list) with the purpose recorded for the stay', async () => {
    await t.moduleRef.get(LedgerAnnotationsService).setPurpose(actor, await openStay('S0002'), 'UPS点検の立会い');
    const [area] = await t.moduleRef.get(OccupancyService).now();
    expect(area).toMatchObject({ areaId: 'area-a', count: 1, occupants: [{ personNo: 'S0002', purpose: 'UPS点検の立会い' }] });
  });

  it("signs off a day's ledger once, as a record", async () => {
    const ledger = t.moduleRef.get(LedgerAnnotationsService);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const { recordId } = await ledger.signOff(actor, 'area-a', today, '異常なし / nothing unusual');
    await expect(ledger.signOff(actor, 'area-a', today, 'again')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ledger.signOff(actor, 'area-a', '2999-01-01', 'x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await ledger.reviews('area-a', today, today)).toEqual([expect.objectContaining({ date: today, reviewedBy: 'test-admin' })]);
    const [record] = await t.ds.query('SELECT kind, type FROM access_log WHERE id = $1', [recordId]);
    expect(record).toEqual({ kind: 'annotation', type: 'ledger.day-reviewed' });
  });

  it('writes the ledger sheet as CSV lines in local time, quoting what needs it', async () => {
    await t.moduleRef.get(LedgerAnnotationsService).setPurpose(actor, await openStay('S0002'), 'UPS点検, "年次"');
    const repo = t.moduleRef.get(LedgerRepository);
    const linesOf = async (personNo: string) => {
      const out: string[] = [];
      for await (const batch of repo.csvLines({ timeZone: 'Asia/Tokyo', personNo }, 2)) out.push(...batch);
      return out;
    };
    const s1 = await linesOf('S0001');
    expect(s1.length).toBeGreaterThanOrEqual(2);
    expect(s1[0]).toMatch(/^\d{4}-\d{2}-\d{2},情報 一郎,ジョウホウ イチロウ,S0001,職員\/staff,総務部 情報政策課,サーバ室A,,\d{2}:\d{2}:\d{2},\d{2}:\d{2}:\d{2} \(forgiven\),,vein\+pin,(test-admin)?$/);
    const [s2] = await linesOf('S0002');
    expect(s2).toContain(',"UPS点検, ""年次""",');
    const [row] = await t.ds.query(`SELECT to_char(entered_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD,') AS d, to_char(entered_at AT TIME ZONE 'Asia/Tokyo', 'HH24:MI:SS') AS t FROM ledger_stays WHERE person_id = $1`, [t.ids.S0002]);
    expect(s2.startsWith(row.d)).toBe(true);
    expect(s2).toContain(`,${row.t},`);
  });

  describe('reconciliation findings', () => {
    it('lists forced and held doors, grants without passage, long opens, exits without entry and open stays', async () => {
      const start = new Date(Date.now() - 3_600_000);
      const granted = await attempt('S0003');
      const t0 = new Date();
      await doorEvent('door.opened', granted.attemptId, t0);
      await doorEvent('door.closed', granted.attemptId, new Date(t0.getTime() + 20_000));
      await doorEvent('door.forced-open', uuidv7(), new Date(t0.getTime() + 30_000));
      await doorEvent('door.held-open', uuidv7(), new Date(t0.getTime() + 40_000), { openForMs: 45_000 });
      const exitOnly = await attempt('S0003', 'exit');
      const strayExit = await attempt('S0003', 'exit');
      const never = await attempt('C0001'); // escorted by S0002 inside; door never opens
      const later = new Date(Date.now() + 5 * 60_000);
      const findings = await t.moduleRef.get(FindingsService).list(start, later, 'area-a', later);
      const kinds = (kind: string) => findings.filter((f) => f.kind === kind);
      expect(kinds('forced-open')).toHaveLength(1);
      expect(kinds('held-open')[0].detail).toBe('door held open 45 s');
      expect(kinds('long-open-on-grant').map((f) => f.attemptId)).toEqual([granted.attemptId]);
      expect(kinds('grant-without-passage').map((f) => f.attemptId)).toEqual(expect.arrayContaining([never.attemptId, exitOnly.attemptId]));
      expect(kinds('exit-without-entry').map((f) => f.attemptId)).toEqual([strayExit.attemptId]);
      expect(kinds('entry-without-exit').map((f) => f.personNo)).toEqual(expect.arrayContaining(['S0002', 'C0001']));
    });

    it('flags people inside after the closing time and anyone alone in a two-person area', async () => {
      await t.ds.query(`UPDATE areas SET closing_time = '00:00', two_person_rule = true WHERE id = 'area-a'`);
      const from = new Date(Date.now() - 3_600_000);
      const to = new Date(Date.now() + 86_400_000 * 2);
      const findings = await t.moduleRef.get(FindingsService).list(from, to, 'area-a', new Date(Date.now() + 86_400_000 * 2 - 1000));
      expect(findings.filter((f) => f.kind === 'inside-after-closing').map((f) => f.personNo)).toEqual(expect.arrayContaining(['S0002', 'C0001']));
      expect(findings.some((f) => f.kind === 'alone-in-two-person-area')).toBe(true);
    });
  });
});
