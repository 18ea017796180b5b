import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import type { AlarmPageDto } from '../../apps/api/src/modules/alarms/alarm.dto.js';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { runSim } from '../../apps/cli/src/sim/sim-command.js';
import { startOnlineDemoBridge, type BridgeProcess } from '../support/bridge-process.js';
import { eventually, getJson, login } from '../support/http.js';
import { testApiConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

jest.setTimeout(60_000);

/** The two-person rule end to end: the simulated door, the real broker, the api's watch, the alarms API. */
describe('two-person rule at the simulated door', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: NestExpressApplication;
  let apiUrl: string;
  let bridge: BridgeProcess;
  let runtime: RuntimeInfo;
  let token: string;
  const quiet = () => undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testApiConfig(db.url, { ACS_TWO_PERSON_WINDOW_S: '1' });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    apiUrl = await app.getUrl();
    await app.get<DataSource>(getDataSourceToken()).query(`UPDATE areas SET two_person_rule = true WHERE id = 'area-a'`);
    ({ bridge, runtime } = await startOnlineDemoBridge(config, apiUrl));
    token = await login(apiUrl, 'admin', 'test-admin-password');
  });

  afterAll(async () => {
    await bridge?.stop();
    await app?.close();
    await db?.drop();
  });

  const twoPersonAlarms = async () =>
    (await getJson<AlarmPageDto>(apiUrl, '/api/v1/alarms', token)).body.items.filter((a) => a.type === 'two-person-alone');

  it('raises an alarm when S0001 stays alone inside, and clears it when S0002 comes in', async () => {
    expect((await runSim(['enter', 'S0001'], runtime, quiet)).exitCode).toBe(0);
    const [raised] = await eventually(async () => ((await twoPersonAlarms()).length ? twoPersonAlarms() : undefined));
    expect(raised).toMatchObject({ status: 'raised', personNo: 'S0001', area: { id: 'area-a' }, title: { ja: '二人入室ルール違反（単独在室）' } });
    expect((await runSim(['enter', 'S0002'], runtime, quiet)).exitCode).toBe(0);
    const [cleared] = await eventually(async () => {
      const alarms = await twoPersonAlarms();
      return alarms[0]?.status === 'cleared' ? alarms : undefined;
    });
    expect(cleared).toMatchObject({ id: raised.id, clearReason: 'second-person-entered' });
    expect(await twoPersonAlarms()).toHaveLength(1);
  });
});
