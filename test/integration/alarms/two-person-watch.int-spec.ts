import { StayChanges } from '../../../apps/api/src/common/changes/stay-changes.js';
import { AccessDecisionsModule } from '../../../apps/api/src/modules/access-decisions/access-decisions.module.js';
import { AccessDecisionsService } from '../../../apps/api/src/modules/access-decisions/access-decisions.service.js';
import { LogAppender } from '../../../apps/api/src/modules/access-log/log-appender.js';
import { AlarmsModule } from '../../../apps/api/src/modules/alarms/alarms.module.js';
import { TwoPersonSnapshotReader } from '../../../apps/api/src/modules/alarms/two-person-snapshot.reader.js';
import { TwoPersonWatch } from '../../../apps/api/src/modules/alarms/two-person-watch.js';
import { LedgerAnnotationsService } from '../../../apps/api/src/modules/ledger/ledger-annotations.service.js';
import { LedgerModule } from '../../../apps/api/src/modules/ledger/ledger.module.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';
import { decisionRequest } from '../../support/decision-request.js';
import { eventually } from '../../support/http.js';

/** The window is long, so the watch's own tick never raises on the real clock: the test moves `now` itself. */
const WINDOW_S = 600;
const pastWindow = () => new Date(Date.now() + (WINDOW_S + 1) * 1000);

describe('two-person watch (real PostgreSQL)', () => {
  let t: ApiTestModule;
  let watch: TwoPersonWatch;

  beforeAll(async () => {
    t = await apiTestModule([AccessDecisionsModule, LedgerModule, AlarmsModule], { ACS_TWO_PERSON_WINDOW_S: String(WINDOW_S) });
    await t.ds.query(`UPDATE areas SET two_person_rule = true WHERE id = 'area-a'`);
    watch = t.moduleRef.get(TwoPersonWatch);
  });
  afterAll(() => t?.close());

  const pass = async (personNo: string, direction: 'entry' | 'exit' = 'entry') => {
    const reply = await t.moduleRef.get(AccessDecisionsService).decide(decisionRequest(t.config.mqtt.baseTopic, personNo, t.ids[personNo], { direction }));
    expect(reply.outcome).toBe('grant');
  };
  const alarmRecords = async (): Promise<Array<{ id: string; type: string; person_no: string; since?: string; alarm_id?: string; reason?: string }>> =>
    t.ds.query(`SELECT l.id, l.type, p.person_no, l.body->>'since' AS since, l.body->>'alarmId' AS alarm_id, l.body->>'reason' AS reason
                  FROM access_log l LEFT JOIN people p ON p.id = l.person_id WHERE l.kind = 'alarm' ORDER BY l.idx`);
  const stayTime = async (personNo: string, column: 'entered_at' | 'exited_at'): Promise<string> =>
    ((await t.ds.query(`SELECT ${column} AS at FROM ledger_stays WHERE person_id = $1 ORDER BY entered_at DESC LIMIT 1`, [t.ids[personNo]]))[0].at as Date).toISOString();

  it('raises nothing within the window, then one alarm for the person alone, whoever evaluates how often', async () => {
    await pass('S0001');
    expect(await watch.evaluate()).toEqual([]);
    const raised = await watch.evaluate(pastWindow());
    expect(raised).toHaveLength(1);
    expect(await watch.evaluate(pastWindow())).toEqual([]);
    // A second api process (or this one restarted) has no memory and derives the same record.
    const other = new TwoPersonWatch(t.config, t.moduleRef.get(TwoPersonSnapshotReader), t.moduleRef.get(LogAppender), new StayChanges());
    expect(await other.evaluate(pastWindow())).toEqual([]);
    await Promise.all([watch.evaluate(pastWindow()), other.evaluate(pastWindow())]);
    expect(await alarmRecords()).toEqual([
      { id: raised[0].id, type: 'alarm.two-person-alone', person_no: 'S0001', since: await stayTime('S0001', 'entered_at'), alarm_id: null, reason: null },
    ]);
  });

  it('clears the alarm at once when a second person enters (stay change, no tick needed)', async () => {
    await pass('S0002');
    const [raised] = await alarmRecords();
    const cleared = await eventually(async () => (await alarmRecords()).find((r) => r.type === 'alarm.cleared'));
    expect(cleared).toMatchObject({ alarm_id: raised.id, reason: 'second-person-entered', person_no: 'S0001' });
  });

  it('raises again, after the window, for the one left alone when the other leaves, and clears when they leave', async () => {
    await pass('S0002', 'exit');
    expect(await watch.evaluate()).toEqual([]);
    const [again] = await watch.evaluate(pastWindow());
    expect(again).toMatchObject({ type: 'alarm.two-person-alone', body: { since: await stayTime('S0002', 'exited_at') } });
    await pass('S0001', 'exit');
    await eventually(async () => ((await alarmRecords()).length === 4 ? true : undefined));
    expect((await alarmRecords()).map((r) => [r.type, r.reason])).toEqual([
      ['alarm.two-person-alone', null], ['alarm.cleared', 'second-person-entered'], ['alarm.two-person-alone', null], ['alarm.cleared', 'area-empty'],
    ]);
  });

  it('raises nothing when the last two leave together', async () => {
    await pass('S0001');
    await pass('S0002');
    await pass('S0001', 'exit');
    await pass('S0002', 'exit');
    expect(await watch.evaluate(pastWindow())).toEqual([]);
    expect(await alarmRecords()).toHaveLength(4);
  });

  it("treats an operator's forgive as the person leaving", async () => {
    await pass('S0003');
    await watch.evaluate(pastWindow());
    const [stay] = await t.ds.query('SELECT id FROM ledger_stays WHERE person_id = $1 AND exited_at IS NULL', [t.ids.S0003]);
    await t.moduleRef.get(LedgerAnnotationsService).forgive(adminActor(), stay.id, '退室記録なしで退出 / left unrecorded');
    const last = await eventually(async () => (await alarmRecords()).find((r) => r.type === 'alarm.cleared' && r.person_no === 'S0003'));
    expect(last.reason).toBe('area-empty');
  });

  it('clears an open alarm when the area leaves the rule, and ignores areas without it', async () => {
    await pass('S0001');
    expect(await watch.evaluate(pastWindow())).toHaveLength(1);
    await t.ds.query(`UPDATE areas SET two_person_rule = false WHERE id = 'area-a'`);
    expect(await watch.evaluate(pastWindow())).toEqual([expect.objectContaining({ type: 'alarm.cleared', body: expect.objectContaining({ reason: 'rule-lifted' }) })]);
    await pass('S0002');
    await pass('S0002', 'exit');
    expect(await watch.evaluate(pastWindow())).toEqual([]);
  });
});
