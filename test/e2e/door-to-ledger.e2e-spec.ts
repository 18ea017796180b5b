import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEMO_BRIDGE_ID, DEMO_PEOPLE, syntheticVeinPattern } from '#demo-site';
import { PassThrough } from 'node:stream';
import { topics } from '#contracts';
import mqtt from 'mqtt';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { findJapaneseFont } from '../../apps/api/src/modules/ledger/ledger-pdf.js';
import { pdfText } from '../support/pdf-text.js';
import { runSim } from '../../apps/cli/src/sim/sim-command.js';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { startOnlineDemoBridge, type BridgeProcess } from '../support/bridge-process.js';
import { eventually, getJson, login } from '../support/http.js';
import { testApiConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

interface Health {
  status: string;
  mqtt: { invalid: number; invalidByKind: Record<string, number> };
  bridges: Array<{ bridgeId: string; state: string }>;
}
interface LogPage {
  items: Array<{ kind: string; type: string; outcome?: string; reason?: string; attemptId?: string; body: Record<string, unknown> }>;
}
interface LedgerPage {
  items: Array<{ person: { personNo: string; name: string }; affiliation: { ja: string }; area: { nameJa: string }; timeIn: string; timeOut?: string; method: string; entryAttemptId: string; exitAttemptId?: string }>;
  total: number;
}

jest.setTimeout(60_000);

describe('a synthetic person through the simulated door, to the ledger', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: NestExpressApplication;
  let apiUrl: string;
  let bridge: BridgeProcess;
  let runtime: RuntimeInfo;
  let token: string;
  let apiLogs = '';
  const quiet = () => undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testApiConfig(db.url, { LOG_LEVEL: 'debug' });
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (apiLogs += chunk.toString()));
    app = await createApp(config, { logStream });
    await app.listen(0, '127.0.0.1');
    apiUrl = await app.getUrl();
    ({ bridge, runtime } = await startOnlineDemoBridge(config, apiUrl, { LOG_LEVEL: 'debug' }));
    token = await login(apiUrl, 'admin', 'test-admin-password');
  });

  afterAll(async () => {
    await bridge?.stop();
    await app?.close();
    await db?.drop();
  });

  const attemptRecords = (attemptId: string) => getJson<LogPage>(apiUrl, `/api/v1/access-log?attemptId=${attemptId}&limit=50`, token);

  it('lets S0001 in: keypad, PIN, vein → grant → strike → door opens and closes', async () => {
    const { exitCode, result } = await runSim(['enter', 'S0001'], runtime, quiet);
    expect(result).toMatchObject({ completed: true, outcome: 'grant', reason: 'GRANTED', doorOpened: true, doorClosed: true });
    expect(exitCode).toBe(0);
    // Attempt and decision are recorded with the decision; door events arrive through the bridge's outbox.
    const types = await eventually(async () => {
      const t = (await attemptRecords(result!.attemptId!)).body.items.map((r) => r.type).reverse();
      return t.includes('door.closed') && t.includes('door.relocked') ? t : undefined;
    });
    expect(types.slice(0, 5)).toEqual(['attempt.entry', 'decision.online', 'door.unlocked', 'door.opened', 'door.closed']);
  });

  it('lets S0001 out at the exit reader and shows the stay in the ledger', async () => {
    const { exitCode, result } = await runSim(['exit', 'S0001'], runtime, quiet);
    expect(exitCode).toBe(0);
    const { status, body } = await getJson<LedgerPage>(apiUrl, '/api/v1/ledger?personNo=S0001', token);
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    const [stay] = body.items;
    expect(stay).toMatchObject({
      person: { personNo: 'S0001', name: '情報 一郎' },
      affiliation: { ja: '総務部 情報政策課' },
      area: { nameJa: 'サーバ室A' },
      method: 'vein+pin',
      exitAttemptId: result!.attemptId,
    });
    expect(Date.parse(stay.timeOut!)).toBeGreaterThanOrEqual(Date.parse(stay.timeIn));
  });

  it('exports the ledger as CSV that Excel in Japan opens (UTF-8 with BOM)', async () => {
    const res = await fetch(`${apiUrl}/api/v1/ledger/export.csv?personNo=S0001`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^日付\/Date,氏名\/Name,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('情報 一郎');
    expect(lines[1]).toContain('総務部 情報政策課');
    expect(lines[1]).toContain('vein+pin');
  });

  it('exports the ledger as an A4 PDF with the Japanese text embedded', async () => {
    const res = await fetch(`${apiUrl}/api/v1/ledger/export.pdf?areaId=area-a`, { headers: { authorization: `Bearer ${token}` } });
    if (!findJapaneseFont()) {
      // A machine without a Japanese font gets a clear answer instead of a broken PDF.
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ detail: expect.stringContaining('fonts-ipaexfont-gothic') });
      return;
    }
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes('/FontFile2')).toBe(true);
    const text = pdfText(pdf);
    if (text !== undefined) {
      expect(text).toContain('入退室管理簿');
      expect(text).toContain('情報 一郎');
      expect(text).toContain('総務部 情報政策課');
      expect(text).toContain('サーバ室A');
    }
  });

  it('shows nobody inside once S0001 has left', async () => {
    const { body } = await getJson<Array<{ areaId: string; count: number }>>(apiUrl, '/api/v1/occupancy', token);
    expect(body).toEqual([expect.objectContaining({ areaId: 'area-a', count: 0 })]);
  });

  it('denies S0002 with a wrong PIN, records the denial, and the door stays shut', async () => {
    const { exitCode, result } = await runSim(['enter', 'S0002', '--pin', '0000'], runtime, quiet);
    expect(exitCode).toBe(1);
    expect(result).toMatchObject({ outcome: 'deny', reason: 'PIN_INVALID', doorOpened: false, display: { ja: '暗証番号が違います' } });
    const { body } = await attemptRecords(result!.attemptId!);
    const decision = body.items.find((r) => r.kind === 'decision');
    expect(decision).toMatchObject({ outcome: 'deny', reason: 'PIN_INVALID' });
    expect(body.items.some((r) => r.type === 'door.unlocked')).toBe(false);
    expect(JSON.stringify(body)).not.toContain('0000');
  });

  it('denies the wrong finger even with the right PIN', async () => {
    const { exitCode, result } = await runSim(['enter', 'S0003', '--wrong-finger'], runtime, quiet);
    expect(exitCode).toBe(1);
    expect(result).toMatchObject({ outcome: 'deny', reason: 'VEIN_NO_MATCH' });
  });

  it('counts and drops malformed MQTT payloads while it keeps serving', async () => {
    const before = (await getJson<Health>(apiUrl, '/api/v1/health')).body.mqtt.invalid;
    const client = await mqtt.connectAsync(config.mqtt.url);
    await client.publishAsync(topics.bridgeEvents(config.mqtt.baseTopic, DEMO_BRIDGE_ID), 'not json at all', { qos: 1 });
    await client.publishAsync(topics.decisionRequests(config.mqtt.baseTopic, DEMO_BRIDGE_ID), JSON.stringify({ attemptId: 'x' }), { qos: 1 });
    await client.endAsync();
    const health = await eventually(async () => {
      const h = (await getJson<Health>(apiUrl, '/api/v1/health')).body;
      return h.mqtt.invalid >= before + 2 ? h : undefined;
    });
    expect(health.status).toBe('ok');
    expect(health.mqtt.invalidByKind).toMatchObject({ 'bridge-events': expect.any(Number), 'decision-requests': expect.any(Number) });
    const { result } = await runSim(['enter', 'S0002'], runtime, quiet);
    expect(result).toMatchObject({ reason: 'GRANTED', outcome: 'grant', doorOpened: true });
  });

  it('runs as the least-privilege role: the log tables cannot be changed even by the api itself', async () => {
    const ds = app.get<DataSource>(getDataSourceToken());
    expect(await ds.query('SELECT current_user AS who')).toEqual([{ who: 'acs_app' }]);
    await expect(ds.query(`UPDATE access_log SET type = type`)).rejects.toMatchObject({ driverError: { code: '42501' } });
    await expect(ds.query(`DELETE FROM checkpoints`)).rejects.toMatchObject({ driverError: { code: '42501' } });
  });

  it('answers bad HTTP requests with problem details naming the field', async () => {
    const bad = await fetch(`${apiUrl}/api/v1/ledger?limit=0&bogus=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await bad.json()) as { code: string; errors: Array<{ field: string }>; requestId: string };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['bogus', 'limit']);
    expect(problem.requestId).toBe(bad.headers.get('x-request-id'));

    expect((await fetch(`${apiUrl}/api/v1/ledger`)).status).toBe(401);
    expect((await fetch(`${apiUrl}/api/v1/access-log`, { headers: { authorization: 'Bearer not-a-session-token-000000' } })).status).toBe(401);
    const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
  });

  it('never writes a PIN, PIN verifier or vein template to a log line', async () => {
    const secretPin = '9081726354';
    await runSim(['enter', 'S0003', '--pin', secretPin], runtime, quiet);
    await runSim(['enter', 'S0003'], runtime, quiet);
    const logs = `${apiLogs}\n${bridge.output()}`;
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).not.toContain(secretPin);
    expect(logs).not.toContain('$argon2id$');
    expect(logs).not.toContain('test-admin-password');
    for (const person of DEMO_PEOPLE) {
      expect(logs).not.toMatch(new RegExp(`[^0-9]${person.pin}#`));
      for (const finger of person.fingers) {
        expect(logs).not.toContain(syntheticVeinPattern(person.personNo, finger).toString('base64').slice(0, 24));
      }
    }
  });
});
