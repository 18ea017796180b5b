import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  CredentialCacheRequest,
  SealedCredentialCache,
  cacheSigningKeyFromSeed,
  cacheVerifierKey,
  decodePayload,
  sealCredentialCache,
  sealCredentialCacheDelta,
  signCredentialCache,
  topics,
  verifyCredentialCacheSignature,
  type CacheKey,
} from '#contracts';
import { DEMO_BRIDGE_ID } from '#demo-site';
import mqtt, { type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { CacheSigner } from '../../apps/api/src/modules/credential-cache/cache-signer.js';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { runSim } from '../../apps/cli/src/sim/sim-command.js';
import { ApiClient } from '../support/api-client.js';
import { startBridgeProcess, type BridgeProcess } from '../support/bridge-process.js';
import { eventually, login } from '../support/http.js';
import { testApiConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

jest.setTimeout(120_000);

interface Card { id: string; reference: string; label?: string; revokedAt?: string }
interface Health { bridges: Array<{ bridgeId: string; state: string; cacheVersion?: number }> }

/** The demo bridge with a cache key of its own, verifying the api's signature; IC cards through the HTTP API to the door. */
describe('IC cards and signed per-bridge credential caches', () => {
  const bridgeKey: CacheKey = { id: 'b1own', key: randomBytes(32) };
  const card = 'c0ffee00a1b2c3'; // S0002's new card
  const demoCard = 'cafe0001'; // S0001's card from the seed
  let db: TestDatabase;
  let config: AppConfig;
  let app: NestExpressApplication;
  let api: ApiClient;
  let bridge: BridgeProcess;
  let runtime: RuntimeInfo;
  let client: MqttClient;
  let ids: Record<string, string>;
  let logs = '';
  const quiet = () => undefined;
  const caches: Array<{ at: number; sealed: SealedCredentialCache }> = [];
  const requests: CredentialCacheRequest[] = [];
  let cacheTopic: string;

  const bridgeCacheVersion = async () => (await api.get<Health>('/health')).body.bridges.find((b) => b.bridgeId === DEMO_BRIDGE_ID)?.cacheVersion ?? 0;
  const bridgeLines = (): Array<Record<string, unknown>> =>
    bridge.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testApiConfig(db.url, { LOG_LEVEL: 'debug', ACS_CACHE_KEYS: `${DEMO_BRIDGE_ID}:${bridgeKey.id}:${bridgeKey.key.toString('base64')}` });
    const logStream = new PassThrough();
    logStream.on('data', (c: Buffer) => (logs += c.toString()));
    app = await createApp(config, { logStream });
    await app.listen(0, '127.0.0.1');
    const baseUrl = await app.getUrl();
    api = new ApiClient(baseUrl, await login(baseUrl, 'admin', 'test-admin-password'));
    for (const p of (await api.get<{ items: Array<{ id: string; personNo: string }> }>('/people?limit=100')).body.items) ids = { ...ids, [p.personNo]: p.id };

    // Watch the bridge's cache traffic like an auditor on the broker would.
    cacheTopic = topics.credentialCache(config.mqtt.baseTopic, DEMO_BRIDGE_ID);
    const requestTopic = topics.credentialCacheRequest(config.mqtt.baseTopic, DEMO_BRIDGE_ID);
    client = await mqtt.connectAsync(config.mqtt.url);
    client.on('message', (topic, payload) => {
      if (topic === cacheTopic) {
        const sealed = decodePayload(SealedCredentialCache, payload, 64 * 1024 * 1024);
        if (sealed.ok) caches.push({ at: Date.now(), sealed: sealed.value });
      }
      if (topic === requestTopic) {
        const request = decodePayload(CredentialCacheRequest, payload);
        if (request.ok) requests.push(request.value);
      }
    });
    await client.subscribeAsync([cacheTopic, requestTopic], { qos: 1 });

    bridge = startBridgeProcess({
      MQTT_URL: config.mqtt.url, MQTT_BASE_TOPIC: config.mqtt.baseTopic, LOG_LEVEL: 'debug',
      ACS_CACHE_KEY: bridgeKey.key.toString('base64'), ACS_CACHE_KEY_ID: bridgeKey.id,
      BRIDGE_API_PUBLIC_KEY: app.get(CacheSigner).publicKey,
    });
    runtime = { pid: process.pid, startedAt: '', apiUrl: baseUrl, mqttUrl: config.mqtt.url, baseTopic: config.mqtt.baseTopic, bridgeId: DEMO_BRIDGE_ID };
    await eventually(async () => ((await bridgeCacheVersion()) > 0 ? true : undefined), 20_000).catch((err: Error) => {
      throw new Error(`bridge did not get its cache: ${err.message}\n${bridge.output()}`);
    });
  });

  afterAll(async () => {
    await client?.endAsync();
    await bridge?.stop();
    await app?.close();
    await db?.drop();
  });

  it('sends the bridge only caches sealed with its own key and signed by the api', () => {
    const verifier = cacheVerifierKey(Buffer.from(app.get(CacheSigner).publicKey, 'base64'));
    expect(caches.length).toBeGreaterThan(0);
    for (const { sealed } of caches) {
      expect(sealed.keyId).toBe(bridgeKey.id);
      expect(verifyCredentialCacheSignature(sealed, DEMO_BRIDGE_ID, verifier)).toEqual({ ok: true });
    }
  });

  it('opens the door to the demo card of S0001 (card, PIN, vein)', async () => {
    const { result } = await runSim(['enter', 'S0001', '--card', demoCard], runtime, quiet);
    expect(result).toMatchObject({ outcome: 'grant', doorOpened: true });
    expect((await runSim(['exit', 'S0001', '--card', demoCard], runtime, quiet)).exitCode).toBe(0);
  });

  it('registers a card over HTTP (never echoing the number), refuses a second holder, and the door accepts it', async () => {
    const bad = await api.post<{ errors: Array<{ field: string }> }>(`/people/${ids.S0002}/cards`, { cardNumber: 'xyz', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['cardNumber', 'extra']);
    const created = await api.post<Card>(`/people/${ids.S0002}/cards`, { cardNumber: card.toUpperCase(), label: '職員証 2026-0412' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: '職員証 2026-0412', reference: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await api.post(`/people/${ids.S0003}/cards`, { cardNumber: card })).status).toBe(409);
    expect((await api.get<Card[]>(`/people/${ids.S0002}/cards`)).body).toEqual([expect.objectContaining({ id: created.body.id })]);
    const result = await eventually(async () => {
      const r = (await runSim(['enter', 'S0002', '--card', card], runtime, quiet)).result;
      return r?.outcome === 'grant' ? r : undefined;
    });
    expect(result.doorOpened).toBe(true);
    expect((await runSim(['exit', 'S0002', '--card', card], runtime, quiet)).exitCode).toBe(0);
  });

  it('revokes a card: a delta with only that person reaches the bridge and the door denies, within seconds', async () => {
    const [registered] = (await api.get<Card[]>(`/people/${ids.S0002}/cards`)).body;
    const versionBefore = await bridgeCacheVersion();
    const seen = caches.length;
    const started = Date.now();
    expect((await api.delete(`/people/${ids.S0002}/cards/${registered.id}?reason=${encodeURIComponent('紛失届')}`)).status).toBe(204);
    const delta = await eventually(async () => caches.slice(seen).find((c) => c.sealed.kind === 'delta'), 5_000);
    expect(delta.sealed.baseVersion).toBe(versionBefore);
    await eventually(async () => ((await bridgeCacheVersion()) === delta.sealed.version ? true : undefined), 5_000);
    const { result } = await runSim(['enter', 'S0002', '--card', card], runtime, quiet);
    const deniedAfterMs = Date.now() - started;
    expect(result).toMatchObject({ outcome: 'deny', reason: 'UNKNOWN_IDENTIFIER', doorOpened: false });
    expect(delta.at - started).toBeLessThan(2_000);
    expect(deniedAfterMs).toBeLessThan(10_000);
    expect(Buffer.byteLength(JSON.stringify(delta.sealed))).toBeLessThan(4_096);
    console.log(`card revoked → delta at the broker ${delta.at - started} ms (${Buffer.byteLength(JSON.stringify(delta.sealed))} bytes); → denied walk-up completed ${deniedAfterMs} ms`);
  });

  it('rejects and counts caches that are unsigned, signed by another key, or sealed with another bridge key', async () => {
    const version = await bridgeCacheVersion();
    const content = { version: version + 1_000, bridgeId: DEMO_BRIDGE_ID, issuedAt: new Date().toISOString(), people: [], readers: [] };
    const rogue = cacheSigningKeyFromSeed(randomBytes(32));
    const signer = app.get(CacheSigner);
    const forged = [
      sealCredentialCache(content, bridgeKey), // right AES key, no signature
      signCredentialCache(sealCredentialCache(content, bridgeKey), DEMO_BRIDGE_ID, rogue), // someone else's signature
      signer.sign(sealCredentialCache(content, config.cacheKey), DEMO_BRIDGE_ID), // the api's signature, another bridge's key
    ];
    for (const sealed of forged) await client.publishAsync(cacheTopic, JSON.stringify(sealed), { qos: 1 });
    const rejected = await eventually(async () => {
      const lines = bridgeLines().filter((l) => l.msg === 'credential cache rejected');
      return lines.length >= 3 ? lines : undefined;
    });
    expect(rejected.map((l) => l.reason)).toEqual(['unsigned', 'wrong-signer', 'wrong-key']);
    expect(rejected.every((l) => l.rejectedTotal === 1)).toBe(true);
    expect(await bridgeCacheVersion()).toBe(version);
    expect((await runSim(['enter', 'S0001', '--card', demoCard], runtime, quiet)).result).toMatchObject({ outcome: 'grant' });
    await runSim(['exit', 'S0001', '--card', demoCard], runtime, quiet);
  });

  it('asks for a full snapshot when a delta is for another base, and the api sends one', async () => {
    const version = await bridgeCacheVersion();
    const seenCaches = caches.length;
    const seenRequests = requests.length;
    const signer = app.get(CacheSigner);
    const wrongBase = sealCredentialCacheDelta(
      { version: version + 2_000, baseVersion: version + 1_999, bridgeId: DEMO_BRIDGE_ID, issuedAt: new Date().toISOString(), upserts: [], removals: [ids.S0001] },
      bridgeKey,
    );
    await client.publishAsync(cacheTopic, JSON.stringify(signer.sign(wrongBase, DEMO_BRIDGE_ID)), { qos: 1 });
    expect(await eventually(async () => requests[seenRequests], 5_000)).toEqual({ haveVersion: version });
    const full = await eventually(async () => caches.slice(seenCaches).find((c) => c.sealed.kind === 'full'), 5_000);
    await eventually(async () => ((await bridgeCacheVersion()) === full.sealed.version ? true : undefined), 5_000);
    // Nothing of the misfit delta was applied: S0001 is still known.
    expect((await runSim(['enter', 'S0001', '--card', demoCard], runtime, quiet)).result).toMatchObject({ outcome: 'grant' });
    await runSim(['exit', 'S0001', '--card', demoCard], runtime, quiet);
  });

  it('records card attempts and changes by reference, and never puts a card number or key in a response or log line', async () => {
    const { body } = await api.get<{ items: Array<{ type: string; body: Record<string, unknown> }> }>('/access-log?limit=500');
    expect(body.items.map((r) => r.type)).toEqual(expect.arrayContaining(['card.registered', 'card.revoked']));
    const cardAttempt = body.items.find((r) => r.type === 'attempt.entry' && (r.body.identifier as { kind: string }).kind === 'card');
    expect(cardAttempt?.body.identifier).toEqual({ kind: 'card', value: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const everything = `${api.bodies.join('\n')}\n${logs}\n${bridge.output()}`.toLowerCase();
    for (const number of [card, demoCard]) expect(everything).not.toContain(number);
    const secrets = [config.cardKey, config.cacheKey.key, bridgeKey.key, Buffer.from(readFileSync(config.cacheSigning.keyFile, 'utf8').trim(), 'base64')];
    for (const key of secrets) {
      expect(everything).not.toContain(key.toString('base64').toLowerCase());
      expect(everything).not.toContain(key.toString('hex'));
    }
  });
});
