import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { topics, type BridgeEvent } from '#contracts';
import { loadEnvConfig } from './config/env.config.js';
import { parseSiteConfig } from './config/load-site-config.js';
import { startBridge, type RunningBridge } from './start-bridge.js';
import { validateEmittedEvent } from './testing/event-validation.js';
import { waitFor } from './testing/fake-clock.js';
import { captureLogger, silentLogger } from './testing/test-logger.js';

/**
 * The whole bridge in `--simulate` against the REAL broker (`MQTT_URL`): 8 simulated OSDP devices on one
 * 115200-baud bus (4 doors, each with an entry reader and an I/O module) on a socat pty pair, Secure
 * Channel on all, plus a 9th reader that holds the wrong SCBK. This test plays the api.
 */
const MQTT_URL = process.env.MQTT_URL;
const BASE = `acs-test-${randomBytes(4).toString('hex')}/v1`;
const BRIDGE = 'bridge-osdp';
const PIN = '48260917';

const doors = [1, 2, 3, 4].map((n) => `
  - id: door-${n}
    entryReader: reader-${n}
    ${n === 4 ? 'exitReader: reader-foreign' : ''}
    io: { module: io-${n}, strikeOutput: 0, contactInput: 0, rexInput: 1 }
    strike: { pulseMs: 2000, maxPulseMs: 3000 }`).join('');
const SITE_YAML = `
configVersion: 2
bridgeId: ${BRIDGE}
buses:
  - { id: bus-1, device: /dev/ttyUSB0, baud: 115200, pollIntervalMs: 100 }
devices:
${[1, 2, 3, 4].map((n) => `  - { id: reader-${n}, role: reader, bus: bus-1, address: ${n} }\n  - { id: io-${n}, role: io, bus: bus-1, address: ${10 + n} }`).join('\n')}
  - { id: reader-foreign, role: reader, bus: bus-1, address: 20 }
doors:${doors}
`;

describe('hardware bridge with simulated OSDP devices over a socat pty pair, against the real broker', () => {
  let dir: string;
  let client: MqttClient | undefined;
  let bridge: RunningBridge | undefined;
  const events: BridgeEvent[] = [];
  const invalid: string[] = [];
  const of = (type: string) => events.filter((e) => e.type === type);

  afterAll(async () => {
    await bridge?.stop();
    await client?.publishAsync(topics.bridgeStatus(BASE, BRIDGE), '', { qos: 1, retain: true });
    await client?.endAsync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should bring 8 devices online with Secure Channel, publish a keypad identifier, pulse a strike, and keep a wrong key out', async () => {
    if (!MQTT_URL) throw new Error('MQTT_URL is not set: this test needs a real broker, e.g. MQTT_URL=mqtt://127.0.0.1:1883');
    dir = mkdtempSync(join(tmpdir(), 'bridge-osdp-'));
    client = await connectAsync(MQTT_URL, { clientId: `fake-api-${randomBytes(4).toString('hex')}` });
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    client.on('message', (topic, payload) => {
      if (topic !== topics.bridgeEvents(BASE, BRIDGE)) return;
      const decoded = validateEmittedEvent(JSON.parse(payload.toString()) as object);
      if (!decoded.ok) return void invalid.push(decoded.errors.join('; '));
      if (events.some((e) => e.id === decoded.value.id)) return;
      events.push(decoded.value);
      void client!.publishAsync(topics.bridgeEventAcks(BASE, BRIDGE), JSON.stringify({ ids: [decoded.value.id] }), { qos: 1 });
    });
    await client.subscribeAsync(topics.bridgeEvents(BASE, BRIDGE), { qos: 1 });

    const key = randomBytes(32);
    const env = loadEnvConfig(
      { MQTT_URL, MQTT_BASE_TOPIC: BASE, ACS_CACHE_KEY: key.toString('base64'), BRIDGE_DATA_DIR: dir, BRIDGE_DECISION_TIMEOUT_MS: '300' },
      ['--simulate'],
    );
    bridge = await startBridge({
      env,
      site: parseSiteConfig(SITE_YAML),
      logger: silentLogger(),
      // The foreign reader holds a key the bridge does not know.
      simulation: { deviceKey: (id, own) => (id === 'reader-foreign' ? randomBytes(16) : own) },
    });
    await bridge.ready;
    const running = bridge;
    expect(running.simulation?.lineKind).toBe('socat');
    expect(statSync(join(dir, 'osdp-simulated-keys.json')).mode & 0o777).toBe(0o600);

    // 1. Eight devices online, every one with Secure Channel, as events on the MQTT events topic.
    await waitFor(() => of('reader.online').length === 4 && of('door.io-online').length === 4, 'eight devices online', 8_000);
    expect(of('reader.online').map((e) => e.readerId).sort()).toEqual(['reader-1', 'reader-2', 'reader-3', 'reader-4']);
    expect(of('door.io-online').map((e) => e.payload.ioModuleId).sort()).toEqual(['io-1', 'io-2', 'io-3', 'io-4']);
    expect(of('reader.secure-channel-up')).toHaveLength(4);
    expect(of('door.io-secure-channel-up')).toHaveLength(4);
    expect([...running.osdp.channels.values()].filter((c) => c.isOnline && c.isSecure)).toHaveLength(8);

    // 2. The wrong key: handshake refused, reported once, never online.
    await waitFor(() => of('reader.secure-channel-failed').length === 1, 'the foreign reader refused', 5_000);
    expect(of('reader.secure-channel-failed')[0]).toMatchObject({ readerId: 'reader-foreign', doorId: 'door-4', payload: { defaultKey: false } });

    // 3. A keypad identifier entry reaches the events topic as reader.credential-presented; the PIN never does.
    const person = running.simulation!.readers.get('reader-2')!;
    await person.pressKeys('70001#');
    await person.pressKeys(`${PIN}#`);
    await waitFor(() => of('reader.credential-presented').length === 1, 'the identifier event', 5_000);
    expect(of('reader.credential-presented')[0]).toMatchObject({ readerId: 'reader-2', doorId: 'door-2', payload: { kind: 'keypad', value: '70001' } });
    await waitFor(() => of('attempt.undecided').length === 1, 'the attempt (no api answers here)', 5_000);

    // 4. A remote unlock becomes OUT code 5 on the wire: the simulated strike is pulsed (capped) and relocks.
    const board = running.simulation!.ioBoards.get('io-1')!;
    const now = Date.now();
    await client.publishAsync(
      topics.bridgeCommands(BASE, BRIDGE),
      JSON.stringify({ id: randomUUID(), type: 'unlock', doorId: 'door-1', pulseMs: 9_000, reason: 'e2e remote unlock', issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 30_000).toISOString() }),
      { qos: 1 },
    );
    await waitFor(() => board.isOn(0), 'the strike released', 3_000);
    expect(board.history.filter((h) => h.on).at(-1)).toMatchObject({ output: 0, pulseMs: 3_000 });
    await waitFor(() => of('door.unlocked').length === 1, 'door.unlocked', 3_000);
    expect(of('door.unlocked')[0]).toMatchObject({ doorId: 'door-1', payload: { pulseMs: 3_000, cause: 'remote' } });
    await waitFor(() => !board.isOn(0) && of('door.relocked').length === 1, 'the relock', 5_000);

    await waitFor(() => running.outbox.depth() === 0, 'every event acked', 5_000);
    expect(of('reader.online').map((e) => e.readerId)).not.toContain('reader-foreign');
    expect(JSON.stringify(events)).not.toContain(PIN);
    expect(invalid).toEqual([]);

    // 5. A clean stop leaves every strike locked.
    await running.stop();
    expect(board.isOn(0)).toBe(false);
  }, 40_000);

  it('should run the same devices over an in-memory line where socat is missing', async () => {
    if (!MQTT_URL) throw new Error('MQTT_URL is not set');
    const memDir = mkdtempSync(join(tmpdir(), 'bridge-osdp-mem-'));
    const env = loadEnvConfig(
      { MQTT_URL, MQTT_BASE_TOPIC: `${BASE}-mem`, ACS_CACHE_KEY: randomBytes(32).toString('base64'), BRIDGE_DATA_DIR: memDir },
      ['--simulate'],
    );
    const { logger, lines } = captureLogger();
    const memory = await startBridge({ env, site: parseSiteConfig(SITE_YAML), logger, simulation: { socat: join(memDir, 'no-socat-here'), deviceKey: (id, own) => (id === 'reader-foreign' ? randomBytes(16) : own) } });
    try {
      expect(memory.simulation?.lineKind).toBe('loopback');
      await waitFor(() => [...memory.osdp.channels.values()].filter((c) => c.isOnline && c.isSecure).length === 8, 'eight devices online', 8_000);
      expect(memory.osdp.channels.get('reader-foreign')?.isOnline).toBe(false);
      expect(lines.join('')).toMatch(/simulated OSDP devices on in-memory lines/);
    } finally {
      await memory.stop();
      await client?.publishAsync(topics.bridgeStatus(`${BASE}-mem`, BRIDGE), '', { qos: 1, retain: true });
      rmSync(memDir, { recursive: true, force: true });
    }
  }, 20_000);
});
