import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { AppConfig } from '../../../apps/api/src/config/app-config.js';
import { createApp } from '../../../apps/api/src/create-app.js';
import { AccessDecisionsService } from '../../../apps/api/src/modules/access-decisions/access-decisions.service.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { Checkpointer } from '../../../apps/api/src/modules/access-log/checkpointer.service.js';
import { LogSigner } from '../../../apps/api/src/modules/access-log/log-signer.js';
import type { AlarmDto, AlarmPageDto } from '../../../apps/api/src/modules/alarms/alarm.dto.js';
import { ClockWatch } from '../../../apps/api/src/modules/hardware-gateway/clock-watch.js';
import { decisionRequest } from '../../support/decision-request.js';
import { eventually, login } from '../../support/http.js';
import { testApiConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { runCli, tempDir, verifyJson } from '../ledger-verify/ledger-verify.support.js';

jest.setTimeout(120_000);

/** The shortest window: the watch's own tick raises the alarm on the real clock. */
const WINDOW_S = 1;

/** The alarms API over real HTTP, on the app exactly as production builds it (least-privilege database role). */
describe('alarms API', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: NestExpressApplication;
  let apiUrl: string;
  let admin: string;
  const ids: Record<string, string> = {};
  const alarmIds: Record<'twoPerson' | 'forced' | 'clock', string> = { twoPerson: '', forced: '', clock: '' };
  let doorOpenedId: string;

  const request = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const list = async (query = '', token = admin) => {
    const res = await request('GET', `/alarms${query}`, token);
    expect(res.status).toBe(200);
    return res.body as unknown as AlarmPageDto;
  };
  const alarm = async (id: string) => (await list('?limit=500')).items.find((a) => a.id === id)!;
  const acknowledge = (id: string, body: unknown, token = admin) => request('POST', `/alarms/${id}/acknowledge`, token, body);
  const pass = async (personNo: string, direction: 'entry' | 'exit' = 'entry') =>
    expect((await app.get(AccessDecisionsService).decide(decisionRequest(config.mqtt.baseTopic, personNo, ids[personNo], { direction }))).outcome).toBe('grant');

  /** An operator holding one role, past the temporary-password change. */
  const operatorWith = async (role: string): Promise<string> => {
    const created = await request('POST', '/operators', admin, { username: `alarms-${role}`, temporaryPassword: 'Temporary-pass-9271' });
    expect((await request('POST', `/operators/${created.body.id}/roles`, admin, { role, reason: 'alarms API test' })).status).toBe(201);
    const temporary = await login(apiUrl, `alarms-${role}`, 'Temporary-pass-9271');
    await request('POST', '/auth/password', temporary, { currentPassword: 'Temporary-pass-9271', newPassword: 'Alarms-final-pass-4826' });
    return login(apiUrl, `alarms-${role}`, 'Alarms-final-pass-4826');
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testApiConfig(db.url, { ACS_TWO_PERSON_WINDOW_S: String(WINDOW_S), ACS_CHECKPOINT_INTERVAL_S: '3600' });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    apiUrl = await app.getUrl();
    admin = await login(apiUrl, 'admin', 'test-admin-password');
    const ds = app.get(DataSource);
    for (const row of await ds.query('SELECT id, person_no FROM people')) ids[row.person_no] = row.id;
    await ds.query(`UPDATE areas SET two_person_rule = true WHERE id = 'area-a'`);

    // Three alarms: S0001 alone past the window (raised by the watch's tick), a door forced open, a bridge clock off and back.
    await pass('S0001');
    [{ id: alarmIds.twoPerson }] = await eventually(async () => {
      const rows = await ds.query(`SELECT id FROM access_log WHERE type = 'alarm.two-person-alone'`);
      return rows.length ? rows : undefined;
    });
    const door = (type: string) => ({ id: uuidv7(), kind: LogKind.Door, type, occurredAt: new Date(), source: 'bridge-1', doorId: 'door-a1', areaId: 'area-a', body: {} });
    const forced = door('door.forced-open');
    const opened = door('door.opened');
    await app.get(AccessLogRepository).appendInTransaction([forced, opened]);
    [alarmIds.forced, doorOpenedId] = [forced.id, opened.id];
    await app.get(ClockWatch).observe('bridge-9', 5000);
    await app.get(ClockWatch).observe('bridge-9', 20);
    [{ id: alarmIds.clock }] = await ds.query(`SELECT id FROM access_log WHERE type = 'bridge.clock-offset-exceeded'`);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists alarms newest first with what they are about, in Japanese and English', async () => {
    const page = await list();
    expect(page.total).toBe(3);
    expect(page.items.map((a) => [a.type, a.status])).toEqual([
      ['bridge-clock-offset', 'cleared'], ['door-forced-open', 'raised'], ['two-person-alone', 'raised'],
    ]);
    const [clock, forced, twoPerson] = page.items;
    expect(twoPerson).toMatchObject({
      id: alarmIds.twoPerson, recordType: 'alarm.two-person-alone', momentary: false, personNo: 'S0001', source: 'api',
      title: { ja: '二人入室ルール違反（単独在室）', en: 'Alone in a two-person area' },
      area: { id: 'area-a', nameJa: 'サーバ室A', nameEn: 'Server room A' },
    });
    expect(Date.parse(twoPerson.since!)).toBeLessThan(Date.parse(twoPerson.raisedAt));
    expect(forced).toMatchObject({ id: alarmIds.forced, momentary: true, doorId: 'door-a1', source: 'bridge-1', title: { en: 'Door forced open' } });
    expect(clock).toMatchObject({ id: alarmIds.clock, clearReason: 'recovered', detail: { bridgeId: 'bridge-9', offsetMs: 5000 } });
    expect(clock.acknowledgement).toBeUndefined();
  });

  it('filters by area, time and open state, and pages like the other lists', async () => {
    expect((await list('?areaId=area-a')).items.map((a) => a.id).sort()).toEqual([alarmIds.forced, alarmIds.twoPerson].sort());
    expect(await list(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual({ items: [], total: 0 });
    expect((await list('?active=true')).total).toBe(3); // cleared is not closed: nobody has acknowledged it
    const second = await list('?limit=1&offset=1');
    expect([second.total, second.items.map((a) => a.type)]).toEqual([3, ['door-forced-open']]);
  });

  it('answers bad input with 400 problem details naming the field', async () => {
    for (const [method, path, body, field] of [
      ['GET', '/alarms?active=yes', undefined, 'active'],
      ['GET', '/alarms?since=yesterday', undefined, 'since'],
      ['GET', '/alarms?limit=0', undefined, 'limit'],
      ['POST', `/alarms/${alarmIds.forced}/acknowledge`, {}, 'comment'],
      ['POST', `/alarms/${alarmIds.forced}/acknowledge`, { comment: 'ok' }, 'comment'],
      ['POST', '/alarms/not-a-uuid/acknowledge', { comment: 'checked' }, 'id'],
    ] as const) {
      const res = await request(method, path, admin, body);
      expect([path, res.status, res.type]).toEqual([path, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('answers 404 for an unknown alarm, and for a record that is no alarm', async () => {
    expect((await acknowledge(uuidv7(), { comment: '確認しました' })).status).toBe(404);
    expect((await acknowledge(doorOpenedId, { comment: '確認しました' })).status).toBe(404);
  });

  it('acknowledges once, with who, when and the comment; a second acknowledgement is 409', async () => {
    const res = await acknowledge(alarmIds.forced, { comment: '現地確認、異常なし / checked on site' });
    expect(res.status).toBe(200);
    const acked = res.body as unknown as AlarmDto;
    expect(acked).toMatchObject({ id: alarmIds.forced, status: 'closed', acknowledgement: { by: 'admin', comment: '現地確認、異常なし / checked on site' } });
    const again = await acknowledge(alarmIds.forced, { comment: 'again' });
    expect([again.status, again.body.code]).toEqual([409, 'CONFLICT']);
  });

  it('keeps acknowledged and cleared apart: an acknowledged condition stays open until it clears', async () => {
    expect((await acknowledge(alarmIds.twoPerson, { comment: '二人目を手配 / second person on the way' })).body).toMatchObject({ status: 'acknowledged' });
    expect((await list('?active=true')).items.map((a) => a.id)).toContain(alarmIds.twoPerson);
    await pass('S0002');
    const closed = await eventually(async () => ((await alarm(alarmIds.twoPerson)).status === 'closed' ? alarm(alarmIds.twoPerson) : undefined));
    expect(closed).toMatchObject({ clearReason: 'second-person-entered', acknowledgement: { by: 'admin' } });
    expect((await list('?active=true')).items.map((a) => a.id)).toEqual([alarmIds.clock]);
  });

  it('lets a role with alarms.read list but not acknowledge, and refuses roles without it', async () => {
    const auditor = await operatorWith('auditor');
    expect((await list('', auditor)).total).toBe(3);
    expect((await acknowledge(alarmIds.clock, { comment: 'auditor tries' }, auditor)).status).toBe(403);
    const staff = await operatorWith('staff');
    expect((await request('GET', '/alarms', staff)).status).toBe(403);
    const systemStaff = await operatorWith('system-staff');
    expect((await acknowledge(alarmIds.clock, { comment: '時刻同期を確認 / NTP checked' }, systemStaff)).body).toMatchObject({ status: 'closed', acknowledgement: { by: 'alarms-system-staff' } });
  });

  it('documents both routes, their permissions and the alarm shape in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${apiUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    expect(doc.paths['/api/v1/alarms'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/alarms/{id}/acknowledge'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.components.schemas.AlarmDto.properties.status.enum).toEqual(['raised', 'acknowledged', 'cleared', 'closed']);
  });

  it('keeps every alarm, clearing and acknowledgement as records of the log, which verifies offline', async () => {
    const ds = app.get(DataSource);
    const records = await ds.query(`SELECT type, body->>'alarmId' AS alarm_id, body->'by'->>'username' AS by FROM access_log WHERE kind = 'alarm' ORDER BY idx`);
    expect(records).toEqual([
      { type: 'alarm.two-person-alone', alarm_id: null, by: null },
      { type: 'alarm.acknowledged', alarm_id: alarmIds.forced, by: 'admin' },
      { type: 'alarm.acknowledged', alarm_id: alarmIds.twoPerson, by: 'admin' },
      { type: 'alarm.cleared', alarm_id: alarmIds.twoPerson, by: null },
      { type: 'alarm.acknowledged', alarm_id: alarmIds.clock, by: 'alarms-system-staff' },
    ]);
    await app.get(Checkpointer).signNow();
    const dir = join(tempDir('acs-alarms-'), 'export');
    const exported = await runCli(['ledger', 'export', dir], { DATABASE_URL: db.url, ACS_DATA_DIR: config.dataDir });
    expect(exported.code).toBe(0);
    const { code, report } = await verifyJson(dir, '--trusted-key', await app.get(LogSigner).verifierKey());
    expect([code, report.ok, report.records.problems, report.ledger?.mismatches]).toEqual([0, true, [], []]);
  });
});
