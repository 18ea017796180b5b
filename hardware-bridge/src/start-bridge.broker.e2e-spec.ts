import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { connectAsync, type MqttClient } from 'mqtt';
import {
  sealCredentialCache,
  topics,
  type BridgeEvent,
  type DecisionReply,
  type DecisionRequest,
  type SimPresentRequest,
  type SimPresentResult,
} from '#contracts';
import { DEMO_DOOR, syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { loadEnvConfig } from './config/env.config.js';
import { parseSiteConfig } from './config/load-site-config.js';
import { startBridge, type RunningBridge } from './start-bridge.js';
import { validateEmittedEvent } from './testing/event-validation.js';
import { waitFor } from './testing/fake-clock.js';
import { silentLogger } from './testing/test-logger.js';

/**
 * The bridge's composition root against the REAL broker (`MQTT_URL`, Mosquitto in CI), with this test acting
 * as the api: it serves the sealed cache, answers (or ignores) decision requests and acks events.
 */
const MQTT_URL = process.env.MQTT_URL;
const BASE = `acs-test-${randomBytes(4).toString('hex')}/v1`;
const BRIDGE = 'bridge-1';
const KEY = randomBytes(32);
const PIN = '4826';

const SITE_YAML = `
configVersion: 1
bridgeId: ${BRIDGE}
doors:
  - id: ${DEMO_DOOR.id}
    areaId: ${DEMO_DOOR.areaId}
    entryReader: { id: ${DEMO_DOOR.entryReaderId} }
    exitReader: { id: ${DEMO_DOOR.exitReaderId} }
    strike: { pulseMs: 2000, maxPulseMs: 2500 }
`;

/** The fake api's view of the wire. */
class FakeApi {
  readonly requests: DecisionRequest[] = [];
  readonly events: BridgeEvent[] = [];
  readonly invalidEvents: string[] = [];
  readonly simResults: SimPresentResult[] = [];
  readonly commandResults: Array<Record<string, unknown>> = [];
  readonly statuses: Array<Record<string, unknown>> = [];
  answer = true;
  ack = false;
  private readonly acked = new Set<string>();

  constructor(private readonly client: MqttClient, private readonly sealed: object) {
    client.on('message', (topic, payload) => void this.onMessage(topic, payload));
  }

  async start(): Promise<void> {
    await this.client.subscribeAsync([`${BASE}/bridges/${BRIDGE}/#`, topics.simPresentResult(BASE, BRIDGE)], { qos: 1 });
  }

  publish(topic: string, payload: object | string): Promise<unknown> {
    return this.client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });
  }

  /** Acks everything received so far (and, from now on, as it arrives). */
  async ackAll(): Promise<void> {
    this.ack = true;
    await this.sendAcks();
  }

  private async onMessage(topic: string, raw: Buffer): Promise<void> {
    const body = raw.length > 0 ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};
    if (topic === topics.credentialCacheRequest(BASE, BRIDGE)) {
      await this.publish(topics.credentialCache(BASE, BRIDGE), this.sealed);
    } else if (topic === topics.decisionRequests(BASE, BRIDGE)) {
      const request = body as unknown as DecisionRequest;
      this.requests.push(request);
      if (!this.answer) return;
      const reply: DecisionReply = {
        correlationId: request.correlationId, attemptId: request.attemptId, decisionId: randomUUID(),
        outcome: 'grant', reason: 'GRANTED', unlockMs: 60_000, // the bridge must cap this
        display: { ja: 'どうぞお入りください', en: 'Please enter' }, decidedAt: new Date().toISOString(),
      };
      await this.publish(request.replyTo, reply);
    } else if (topic === topics.bridgeEvents(BASE, BRIDGE)) {
      const decoded = validateEmittedEvent(body);
      if (!decoded.ok) return void this.invalidEvents.push(decoded.errors.join('; '));
      if (!this.events.some((e) => e.id === decoded.value.id)) this.events.push(decoded.value);
      if (this.ack) await this.sendAcks();
    } else if (topic === topics.simPresentResult(BASE, BRIDGE)) {
      this.simResults.push(body as unknown as SimPresentResult);
    } else if (topic === topics.bridgeCommandResults(BASE, BRIDGE)) {
      this.commandResults.push(body);
    } else if (topic === topics.bridgeStatus(BASE, BRIDGE)) {
      this.statuses.push(body);
    }
  }

  private async sendAcks(): Promise<void> {
    const ids = this.events.map((e) => e.id).filter((id) => !this.acked.has(id));
    if (ids.length === 0) return;
    ids.forEach((id) => this.acked.add(id));
    await this.publish(topics.bridgeEventAcks(BASE, BRIDGE), { ids });
  }
}

describe('hardware bridge against the real broker', () => {
  let dir: string;
  let client: MqttClient | undefined;
  let bridge: RunningBridge | undefined;

  afterAll(async () => {
    await bridge?.stop();
    // Leave no retained status behind on the shared broker.
    await client?.publishAsync(topics.bridgeStatus(BASE, BRIDGE), '', { qos: 1, retain: true });
    await client?.endAsync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should serve a walk-up: cache, grant, door events, local deny when the api is silent, ack-driven drain', async () => {
    if (!MQTT_URL) throw new Error('MQTT_URL is not set: this test needs a real broker, e.g. MQTT_URL=mqtt://127.0.0.1:1883');
    dir = mkdtempSync(join(tmpdir(), 'bridge-broker-'));
    client = await connectAsync(MQTT_URL, { clientId: `fake-api-${randomBytes(4).toString('hex')}` });
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    const sealed = sealCredentialCache(
      {
        version: 1, bridgeId: BRIDGE, issuedAt: new Date().toISOString(),
        people: [{
          personId: randomUUID(), personNo: 'S0001', keypadCode: '70001', kind: 'staff',
          pinVerifier: await hash(PIN, { algorithm: 2 }), pinUsable: true,
          templates: [{ id: randomUUID(), position: 'right-index', format: 0, data: syntheticVeinPattern('S0001', 'right-index').toString('base64') }],
        }],
        readers: [{ readerId: DEMO_DOOR.entryReaderId, veinThreshold: DEMO_DOOR.veinThreshold }],
      },
      { id: 'k1', key: KEY },
    );
    const api = new FakeApi(client, sealed);
    await api.start();

    const env = loadEnvConfig(
      { MQTT_URL, MQTT_BASE_TOPIC: BASE, ACS_CACHE_KEY: KEY.toString('base64'), BRIDGE_DATA_DIR: dir, BRIDGE_DECISION_TIMEOUT_MS: '400' },
      ['--simulate'],
    );
    bridge = await startBridge({ env, site: parseSiteConfig(SITE_YAML), logger: silentLogger() });
    await bridge.ready;
    const running = bridge;
    await waitFor(() => running.cache.version === 1, 'the sealed cache to arrive');
    await waitFor(() => api.statuses.some((s) => s.state === 'online'), 'online status');

    // An invalid command is counted and dropped; the bridge carries on.
    await api.publish(topics.bridgeCommands(BASE, BRIDGE), '{"type":"unlock"}');
    await waitFor(() => running.mqtt.stats().invalid['bridge-commands'] === 1, 'invalid payload counted');

    const present = async (keys: string): Promise<SimPresentResult> => {
      const request: SimPresentRequest = {
        requestId: randomUUID(), readerId: DEMO_DOOR.entryReaderId, keys,
        veinSample: syntheticVeinSample(syntheticVeinPattern('S0001', 'right-index')).toString('base64'),
      };
      await api.publish(topics.simPresent(BASE, BRIDGE), request);
      await waitFor(() => api.simResults.some((r) => r.requestId === request.requestId), 'the sim result', 10_000);
      return api.simResults.find((r) => r.requestId === request.requestId)!;
    };

    // 1. Granted: the door releases (capped), the simulated person opens and closes it, the strike relocks.
    const granted = await present(`70001#${PIN}#`);
    expect(granted).toMatchObject({ completed: true, outcome: 'grant', reason: 'GRANTED', doorOpened: true, doorClosed: true });
    expect(api.requests[0]).toMatchObject({ attemptId: granted.attemptId, personId: expect.any(String), factors: { pin: 'ok', vein: { result: 'match' } } });
    const forAttempt = () => api.events.filter((e) => e.attemptId === granted.attemptId).map((e) => e.type);
    await waitFor(() => forAttempt().length === 4, 'four door events', 5_000);
    expect(forAttempt()).toEqual(['door.unlocked', 'door.opened', 'door.closed', 'door.relocked']);
    expect(api.events.find((e) => e.type === 'door.unlocked')?.payload).toMatchObject({ pulseMs: 2_500, cause: 'grant' });

    // 2. The api goes silent: denied locally, and the attempt still reaches the api as attempt.undecided.
    api.answer = false;
    const undecided = await present(`70001#${PIN}#`);
    expect(undecided).toMatchObject({ completed: true, outcome: 'deny', reason: 'API_UNAVAILABLE', doorOpened: false });
    await waitFor(() => api.events.some((e) => e.type === 'attempt.undecided'), 'attempt.undecided');
    expect(api.events.find((e) => e.type === 'attempt.undecided')).toMatchObject({
      attemptId: undecided.attemptId, payload: { localReason: 'API_UNAVAILABLE', request: { attemptId: undecided.attemptId } },
    });

    // 3. Nothing leaves the outbox until the api acks it; then it drains.
    expect(running.outbox.depth()).toBe(api.events.length);
    await api.ackAll();
    await waitFor(() => running.outbox.depth() === 0, 'the outbox to drain');
    expect(api.invalidEvents).toEqual([]);

    // 4. Commands over the wire: an expired one is refused.
    const expired = { id: randomUUID(), type: 'unlock', doorId: DEMO_DOOR.id, issuedAt: new Date(Date.now() - 60_000).toISOString(), expiresAt: new Date(Date.now() - 1_000).toISOString() };
    await api.publish(topics.bridgeCommands(BASE, BRIDGE), expired);
    await waitFor(() => api.commandResults.length === 1, 'command result');
    expect(api.commandResults[0]).toMatchObject({ commandId: expired.id, status: 'rejected', code: 'EXPIRED' });

    // 5. A clean stop publishes the retained offline status.
    await running.stop();
    await waitFor(() => api.statuses.at(-1)?.state === 'offline', 'offline status');
  }, 25_000);
});
