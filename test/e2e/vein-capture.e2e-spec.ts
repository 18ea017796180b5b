import { jest } from '@jest/globals';
import { DEMO_BRIDGE_ID, syntheticVeinPattern } from '#demo-site';
import { randomUUID } from 'node:crypto';
import { topics, type VeinCaptureResult } from '#contracts';
import mqtt from 'mqtt';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { runSim, runSimCli, runSimEnrolCommand } from '../../apps/cli/src/sim/sim-command.js';
import type { ApiClient } from '../support/api-client.js';
import { startApiWithBridge, type ApiWithBridge } from '../support/api-with-bridge.js';
import { eventually } from '../support/http.js';

jest.setTimeout(120_000);

interface Capture { id: string; status: string; reason?: string; detail?: string; quality?: number; templateId?: string; position: string; readerId: string }
interface Health { bridges: Array<{ bridgeId: string; state: string; cacheVersion?: number }> }
interface LogPage { items: Array<{ kind: string; type: string; body: Record<string, unknown> }> }

/**
 * Enrolment through a door reader, end to end: api (real PostgreSQL, as acs_app) + real broker + the compiled
 * bridge in simulate mode (simulated OSDP readers on socat ptys). S0003's template is deleted, captured again
 * through the entry reader (OSDP BIOREAD), and then opens the door with vein + PIN.
 */
describe('enrolling a vein template through a door reader', () => {
  let env: ApiWithBridge;
  let config: AppConfig;
  let api: ApiClient;
  let runtime: RuntimeInfo;
  let s0003: string;
  const quiet = () => undefined;
  const captured: VeinCaptureResult[] = [];
  let spy: mqtt.MqttClient;

  const cacheVersion = async () => (await api.get<Health>('/health')).body.bridges.find((b) => b.bridgeId === DEMO_BRIDGE_ID)?.cacheVersion ?? 0;
  const captureOf = (id: string) => api.get<Capture>(`/people/${s0003}/vein-templates/captures/${id}`);
  const settled = (id: string) => eventually(async () => {
    const { body } = await captureOf(id);
    return body.status === 'pending' ? undefined : body;
  }, 15_000);

  beforeAll(async () => {
    env = await startApiWithBridge({ LOG_LEVEL: 'debug' });
    ({ config, api, runtime } = env);
    const people = await api.get<{ items: Array<{ id: string; personNo: string }> }>('/people?q=S0003');
    s0003 = people.body.items.find((p) => p.personNo === 'S0003')!.id;
    // What travels on the broker, to replay it later.
    spy = await mqtt.connectAsync(config.mqtt.url);
    spy.on('message', (_topic, payload) => captured.push(JSON.parse(payload.toString()) as VeinCaptureResult));
    await spy.subscribeAsync(topics.veinCaptureResults(config.mqtt.baseTopic, DEMO_BRIDGE_ID), { qos: 1 });
  });

  afterAll(async () => {
    await spy?.endAsync();
    await env?.stop();
  });

  it('leaves S0003 without a template: the door says the vein is not enrolled', async () => {
    const { body: templates } = await api.get<Array<{ id: string }>>(`/people/${s0003}/vein-templates`);
    const before = await cacheVersion();
    for (const t of templates) expect((await api.request('DELETE', `/people/${s0003}/vein-templates/${t.id}?reason=${encodeURIComponent('再登録のため')}`)).status).toBe(204);
    expect((await api.get<unknown[]>(`/people/${s0003}/vein-templates`)).body).toEqual([]);
    await eventually(async () => ((await cacheVersion()) > before ? true : undefined));
    const { result } = await runSim(['enter', 'S0003'], runtime, quiet);
    expect(result).toMatchObject({ outcome: 'deny', reason: 'VEIN_NOT_ENROLLED' });
  });

  it('captures right-middle through the entry reader (202, pending → enrolled), never showing the template', async () => {
    const before = await cacheVersion();
    const started = await api.post<Capture>(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-a1-in', position: 'right-middle' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'pending', readerId: 'reader-a1-in', position: 'right-middle' });
    // S0003 rests the finger on the reader the operator chose.
    const { exitCode } = await runSimEnrolCommand(['enrol', 'S0003'], runtime, quiet);
    expect(exitCode).toBe(0);
    const done = await settled(started.body.id);
    expect(done).toMatchObject({ status: 'enrolled', quality: 80, templateId: expect.any(String) });
    expect(Object.keys(done)).not.toContain('template');
    const { body: templates } = await api.get<Array<{ id: string; position: string }>>(`/people/${s0003}/vein-templates`);
    expect(templates).toEqual([expect.objectContaining({ id: done.templateId, position: 'right-middle' })]);
    await eventually(async () => ((await cacheVersion()) > before ? true : undefined));
  });

  it('lets S0003 in with vein + PIN on the captured template, and refuses another finger', async () => {
    const entry = await runSim(['enter', 'S0003'], runtime, quiet);
    expect(entry.result).toMatchObject({ outcome: 'grant', reason: 'GRANTED', doorOpened: true });
    expect((await runSim(['exit', 'S0003'], runtime, quiet)).result).toMatchObject({ outcome: 'grant' });
    const wrong = await runSim(['enter', 'S0003', '--wrong-finger'], runtime, quiet);
    expect(wrong.result).toMatchObject({ outcome: 'deny', reason: 'VEIN_NO_MATCH', doorOpened: false });
  });

  it('records the capture as admin actions in the access log, the template redacted', async () => {
    const { body } = await api.get<LogPage>(`/access-log?personId=${s0003}&kind=admin&limit=50`);
    const types = body.items.map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['vein.deleted', 'vein.capture-requested', 'vein.enrolled']));
    const enrolled = body.items.find((r) => r.type === 'vein.enrolled')!;
    expect(enrolled.body).toMatchObject({ by: { username: 'admin' }, after: { position: 'right-middle', source: 'reader', readerId: 'reader-a1-in', quality: 80 } });
  });

  it('refuses to start a second capture for an enrolled position unless asked to replace it', async () => {
    const res = await api.post<{ code: string }>(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-a1-in', position: 'right-middle' });
    expect(res.status).toBe(409);
    const unknownReader = await api.post<{ code: string; errors: Array<{ field: string }> }>(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-zz', position: 'left-index' });
    expect(unknownReader.status).toBe(400);
    expect(unknownReader.body.errors.map((e) => e.field)).toEqual(['readerId']);
    const badPosition = await api.post(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-a1-in', position: 'nose' });
    expect(badPosition.status).toBe(400);
  });

  it('fails a badly placed finger as quality too low, and stores nothing', async () => {
    const started = await api.post<Capture>(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-a1-in', position: 'left-index' });
    expect(started.status).toBe(202);
    await runSimEnrolCommand(['enrol', 'S0003', '--finger', 'left-index', '--poor'], runtime, quiet);
    expect(await settled(started.body.id)).toMatchObject({ status: 'failed', reason: 'quality-too-low', quality: 20 });
    expect((await api.get<Array<{ position: string }>>(`/people/${s0003}/vein-templates`)).body.map((t) => t.position)).toEqual(['right-middle']);
  });

  it('fails a capture at a reader that does not answer (unplugged) as reader offline', async () => {
    expect(await runSimCli(['unplug', 'reader-a1-out'], runtime, quiet)).toBe(0);
    try {
      const started = await api.post<Capture>(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-a1-out', position: 'left-middle' });
      expect(started.status).toBe(202);
      expect(await settled(started.body.id)).toMatchObject({ status: 'failed', reason: 'reader-offline' });
    } finally {
      expect(await runSimCli(['plug', 'reader-a1-out'], runtime, quiet)).toBe(0);
    }
    // Back on the line (a fresh OSDP session, Secure Channel again), the reader enrols as before.
    const again = await api.post<Capture>(`/people/${s0003}/vein-templates/captures`, { readerId: 'reader-a1-out', position: 'left-middle' });
    expect(again.status).toBe(202);
    await runSimEnrolCommand(['enrol', 'S0003', '--finger', 'left-middle', '--reader', 'reader-a1-out'], runtime, quiet);
    expect(await settled(again.body.id)).toMatchObject({ status: 'enrolled' });
  });

  it('refuses a captured template replayed as another capture for another person', async () => {
    const s0002 = (await api.get<{ items: Array<{ id: string; personNo: string }> }>('/people?q=S0002')).body.items.find((p) => p.personNo === 'S0002')!.id;
    const original = captured.find((c) => c.status === 'captured')!;
    expect(original).toBeDefined();
    const started = await api.post<Capture>(`/people/${s0002}/vein-templates/captures`, { readerId: 'reader-a1-out', position: 'left-ring' });
    expect(started.status).toBe(202);
    // A forger on the broker answers the new capture with S0003's sealed template before the bridge does.
    const forger = await mqtt.connectAsync(config.mqtt.url);
    await forger.publishAsync(
      topics.veinCaptureResults(config.mqtt.baseTopic, DEMO_BRIDGE_ID),
      JSON.stringify({ ...original, captureId: started.body.id, personId: s0002, readerId: 'reader-a1-out', position: 'left-ring' }),
      { qos: 1 },
    );
    await forger.endAsync();
    const done = await eventually(async () => {
      const { body } = await api.get<Capture>(`/people/${s0002}/vein-templates/captures/${started.body.id}`);
      return body.status === 'pending' ? undefined : body;
    });
    expect(done).toMatchObject({ status: 'failed', reason: 'invalid-result' });
    expect(env.logs()).toMatch(/template tampered/); // refused by the sealing's associated data, not by a label check
    expect((await api.get<unknown[]>(`/people/${s0002}/vein-templates`)).body).toHaveLength(1); // the seeded one only
    // Nor can S0003's path show S0002's capture.
    expect((await captureOf(started.body.id)).status).toBe(404);
  });

  it('answers 404 for an unknown capture, and never puts a template in a response or a log line', async () => {
    const unknown = await api.get(`/people/${s0003}/vein-templates/captures/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    const wire = captured.filter((c) => c.status === 'captured');
    expect(wire.length).toBeGreaterThan(0);
    const everything = `${env.logs()}\n${env.bridge.output()}\n${api.bodies.join('\n')}`;
    expect(everything).toMatch(/vein capture result/);
    for (const finger of ['right-middle', 'left-index']) {
      const pattern = syntheticVeinPattern('S0003', finger);
      expect(everything).not.toContain(pattern.toString('base64').slice(0, 16));
      expect(everything).not.toContain(pattern.toString('hex').slice(0, 16));
    }
    for (const c of wire) expect(everything).not.toContain(c.template!.ciphertext.slice(0, 24));
  });
});
