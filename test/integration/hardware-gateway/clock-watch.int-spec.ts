import { AccessLogModule } from '../../../apps/api/src/modules/access-log/access-log.module.js';
import { LogAppender } from '../../../apps/api/src/modules/access-log/log-appender.js';
import { ClockWatch } from '../../../apps/api/src/modules/hardware-gateway/clock-watch.js';
import { apiTestModule, type ApiTestModule } from '../../support/api-module.js';

describe(ClockWatch.name, () => {
  let t: ApiTestModule;
  let sut: ClockWatch;

  beforeAll(async () => {
    t = await apiTestModule([AccessLogModule], { ACS_CLOCK_OFFSET_ALARM_MS: '2000' });
    sut = new ClockWatch(t.config, t.moduleRef.get(LogAppender));
  });
  afterAll(() => t?.close());

  const alarms = async () =>
    (await t.ds.query(`SELECT type, body FROM access_log WHERE type LIKE 'bridge.clock-offset-%' ORDER BY idx`)) as Array<{ type: string; body: { bridgeId: string; offsetMs: number } }>;

  it('records one alarm when a bridge clock drifts past the threshold, and one when it is back', async () => {
    await sut.observe('bridge-1', 150);
    expect(await alarms()).toEqual([]);
    await sut.observe('bridge-1', -2_500);
    await sut.observe('bridge-1', -3_100);
    expect(sut.isAlarmed('bridge-1')).toBe(true);
    await sut.observe('bridge-1', 40);
    expect(sut.isAlarmed('bridge-1')).toBe(false);
    expect((await alarms()).map((a) => [a.type, a.body.bridgeId, a.body.offsetMs])).toEqual([
      ['bridge.clock-offset-exceeded', 'bridge-1', -2500],
      ['bridge.clock-offset-recovered', 'bridge-1', 40],
    ]);
  });

  it('watches each bridge on its own', async () => {
    await sut.observe('bridge-2', 9_000);
    expect([sut.isAlarmed('bridge-1'), sut.isAlarmed('bridge-2')]).toEqual([false, true]);
  });
});
