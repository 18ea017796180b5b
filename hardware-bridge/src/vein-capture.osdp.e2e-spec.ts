import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import {
  CommandResult,
  SimPlaceFingerResult,
  decodePayload,
  decodeVeinCaptureResult,
  openCapturedTemplate,
  topics,
  type BridgeCommand,
  type SimPlaceFinger,
  type VeinCaptureParams,
  type VeinCaptureResult,
} from '#contracts';
import { syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { loadEnvConfig } from './config/env.config.js';
import { parseSiteConfig } from './config/load-site-config.js';
import { startBridge, type RunningBridge } from './start-bridge.js';
import { waitFor } from './testing/fake-clock.js';
import { captureLogger } from './testing/test-logger.js';

/**
 * Enrolment through a reader, the whole bridge in `--simulate` against the REAL broker (`MQTT_URL`): simulated
 * OSDP readers on a socat pty pair with Secure Channel, plus one reader holding the wrong key (never online).
 * This test plays the api: it sends `vein-capture` commands and opens the sealed templates with the bridge's key.
 */
const MQTT_URL = process.env.MQTT_URL;
const BASE = `acs-test-${randomBytes(4).toString('hex')}/v1`;
const BRIDGE = 'bridge-enrol';
const SITE_YAML = `
configVersion: 2
bridgeId: ${BRIDGE}
buses:
  - { id: bus-1, device: /dev/ttyUSB0, baud: 115200, pollIntervalMs: 100 }
devices:
  - { id: reader-1, role: reader, bus: bus-1, address: 1 }
  - { id: io-1, role: io, bus: bus-1, address: 2 }
  - { id: reader-foreign, role: reader, bus: bus-1, address: 3 }
doors:
  - id: door-1
    entryReader: reader-1
    exitReader: reader-foreign
    io: { module: io-1, strikeOutput: 0, contactInput: 0, rexInput: 1 }
    strike: { pulseMs: 2000, maxPulseMs: 3000 }
`;
const PERSON = '0192f3a0-0000-7000-8000-00000000e001';

describe('enrolment through a reader (BIOREAD) over a socat pty pair, against the real broker', () => {
  let dir: string;
  let client: MqttClient;
  let bridge: RunningBridge;
  const key = { id: 'k-enrol', key: randomBytes(32) };
  const logs = captureLogger();
  const commandResults: CommandResult[] = [];
  const captureResults: VeinCaptureResult[] = [];
  const fingerResults: SimPlaceFingerResult[] = [];
  const invalid: string[] = [];

  const command = (capture: Partial<VeinCaptureParams> = {}, expiresInMs = 15_000): BridgeCommand => ({
    id: randomUUID(),
    type: 'vein-capture',
    issuedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    capture: { personId: PERSON, readerId: 'reader-1', position: 'right-middle', format: 0, timeoutMs: 5_000, ...capture },
  });
  const send = (c: BridgeCommand) => client.publishAsync(topics.bridgeCommands(BASE, BRIDGE), JSON.stringify(c), { qos: 1 });
  const resultOf = async (id: string) => {
    await waitFor(() => captureResults.some((r) => r.captureId === id), `the capture result of ${id}`, 10_000);
    return captureResults.find((r) => r.captureId === id)!;
  };
  const commandResultOf = async (id: string, status?: string) => {
    await waitFor(() => commandResults.some((r) => r.commandId === id && (!status || r.status === status)), `the command result of ${id}`, 5_000);
    return commandResults.filter((r) => r.commandId === id).at(-1)!;
  };
  const sensor = () => bridge.simulation!.readers.get('reader-1')!;

  beforeAll(async () => {
    if (!MQTT_URL) throw new Error('MQTT_URL is not set: this test needs a real broker, e.g. MQTT_URL=mqtt://127.0.0.1:1883');
    dir = mkdtempSync(join(tmpdir(), 'bridge-enrol-'));
    client = await connectAsync(MQTT_URL, { clientId: `fake-api-${randomBytes(4).toString('hex')}` });
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    client.on('message', (topic, payload) => {
      if (topic === topics.veinCaptureResults(BASE, BRIDGE)) {
        const decoded = decodeVeinCaptureResult(payload);
        if (decoded.ok) captureResults.push(decoded.value);
        else invalid.push(decoded.errors.join('; '));
      } else if (topic === topics.bridgeCommandResults(BASE, BRIDGE)) {
        const decoded = decodePayload(CommandResult, payload);
        if (decoded.ok) commandResults.push(decoded.value);
      } else if (topic === topics.simPlaceFingerResult(BASE, BRIDGE)) {
        const decoded = decodePayload(SimPlaceFingerResult, payload);
        if (decoded.ok) fingerResults.push(decoded.value);
      }
    });
    await client.subscribeAsync([topics.veinCaptureResults(BASE, BRIDGE), topics.bridgeCommandResults(BASE, BRIDGE), topics.simPlaceFingerResult(BASE, BRIDGE)], { qos: 1 });
    const env = loadEnvConfig(
      { MQTT_URL, MQTT_BASE_TOPIC: BASE, ACS_CACHE_KEY: key.key.toString('base64'), ACS_CACHE_KEY_ID: key.id, BRIDGE_DATA_DIR: dir, BRIDGE_ENROL_MIN_QUALITY: '60' },
      ['--simulate'],
    );
    bridge = await startBridge({
      env,
      site: parseSiteConfig(SITE_YAML),
      logger: logs.logger,
      simulation: { deviceKey: (id, own) => (id === 'reader-foreign' ? randomBytes(16) : own) },
    });
    await bridge.ready;
    expect(bridge.simulation?.lineKind).toBe('socat');
    await waitFor(() => bridge.osdp.channels.get('reader-1')?.isSecure === true, 'reader-1 online with Secure Channel', 8_000);
  }, 20_000);

  afterAll(async () => {
    await bridge?.stop();
    await client?.publishAsync(topics.bridgeStatus(BASE, BRIDGE), '', { qos: 1, retain: true });
    await client?.endAsync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('captures the finger the simulated person rests on the reader, sealed for this capture, and BIOMATCH then knows that finger only', async () => {
    const cmd = command();
    await send(cmd);
    await expect(commandResultOf(cmd.id)).resolves.toMatchObject({ status: 'ok', message: 'capture started' });
    // The person rests a finger on the reader through the simulator's control channel.
    const sample = syntheticVeinSample(syntheticVeinPattern('S0003', 'right-middle'));
    const place: SimPlaceFinger = { requestId: randomUUID(), readerId: 'reader-1', veinSample: sample.toString('base64'), holdMs: 5_000 };
    await client.publishAsync(topics.simPlaceFinger(BASE, BRIDGE), JSON.stringify(place), { qos: 1 });

    const result = await resultOf(cmd.id);
    expect(result).toMatchObject({ status: 'captured', bridgeId: BRIDGE, readerId: 'reader-1', personId: PERSON, position: 'right-middle', quality: 80 });
    await waitFor(() => fingerResults.some((r) => r.requestId === place.requestId), 'the finger lifted', 5_000);
    expect(fingerResults.find((r) => r.requestId === place.requestId)).toMatchObject({ completed: true, read: true });
    const binding = { captureId: cmd.id, bridgeId: BRIDGE, ...cmd.capture! };
    const opened = openCapturedTemplate(result.template!, key, binding);
    expect(opened).toEqual({ ok: true, template: sample });
    // Not as another person's, nor another capture's.
    expect(openCapturedTemplate(result.template!, key, { ...binding, personId: '0192f3a0-0000-7000-8000-00000000e002' })).toEqual({ ok: false, error: 'tampered' });
    expect(openCapturedTemplate(result.template!, key, { ...binding, captureId: randomUUID() })).toEqual({ ok: false, error: 'tampered' });

    // The enrolled template over BIOMATCH on the same line: the same finger matches, another does not.
    const template = opened.ok ? opened.template : Buffer.alloc(0);
    const reader = bridge.osdp.readers.get('reader-1')!;
    sensor().placeFinger(syntheticVeinSample(syntheticVeinPattern('S0003', 'right-middle')));
    const same = await reader.bioMatch({ template, format: 0, threshold: 150, timeoutMs: 2_000 });
    sensor().placeFinger(syntheticVeinSample(syntheticVeinPattern('S0003', 'left-index')));
    const other = await reader.bioMatch({ template, format: 0, threshold: 150, timeoutMs: 2_000 });
    sensor().liftFinger();
    expect(same.score).toBeGreaterThanOrEqual(150);
    expect(other.score).toBeLessThan(150);

    // The template is never in a log line (the bridge logs at trace level here, packet traces included).
    const all = logs.lines.join('');
    expect(all).toMatch(/vein capture finished/);
    expect(all).not.toContain(sample.toString('base64').slice(0, 20));
    expect(all).not.toContain(sample.toString('hex').slice(0, 20));
  }, 20_000);

  it('does not capture again for a repeated command id', async () => {
    const cmd = command();
    sensor().placeFinger(syntheticVeinSample(syntheticVeinPattern('S0003', 'right-middle')));
    await send(cmd);
    await resultOf(cmd.id);
    const scans = sensor().fingerScans;
    await send(cmd);
    await expect(commandResultOf(cmd.id, 'rejected')).resolves.toMatchObject({ code: 'DUPLICATE' });
    await new Promise((r) => setTimeout(r, 500));
    expect(sensor().fingerScans).toBe(scans);
    expect(captureResults.filter((r) => r.captureId === cmd.id)).toHaveLength(1);
    sensor().liftFinger();
  });

  it('never executes an expired command: no BIOREAD reaches the reader', async () => {
    sensor().placeFinger(syntheticVeinSample(syntheticVeinPattern('S0003', 'right-middle')));
    const scans = sensor().fingerScans;
    const cmd = command({}, -1_000);
    await send(cmd);
    await expect(commandResultOf(cmd.id)).resolves.toMatchObject({ status: 'rejected', code: 'EXPIRED' });
    await new Promise((r) => setTimeout(r, 500));
    expect(sensor().fingerScans).toBe(scans);
    expect(captureResults.some((r) => r.captureId === cmd.id)).toBe(false);
    sensor().liftFinger();
  });

  it('fails a capture below the minimum quality, without a template', async () => {
    sensor().placeFinger(syntheticVeinSample(syntheticVeinPattern('S0003', 'right-middle')), 30);
    const cmd = command();
    await send(cmd);
    const result = await resultOf(cmd.id);
    sensor().liftFinger();
    expect(result).toMatchObject({ status: 'failed', reason: 'quality-too-low', quality: 30 });
    expect(result.template).toBeUndefined();
  });

  it('fails at a reader that is offline, and for a format the reader does not know', async () => {
    const offline = command({ readerId: 'reader-foreign' });
    await send(offline);
    await expect(resultOf(offline.id)).resolves.toMatchObject({ status: 'failed', reason: 'reader-offline' });

    const format = command({ format: 0x02 });
    await send(format);
    await expect(resultOf(format.id)).resolves.toMatchObject({ status: 'failed', reason: 'not-supported' });
  });

  it('times out when nobody presents a finger, and refuses a reader the bridge does not have', async () => {
    const cmd = command({ timeoutMs: 1_000 });
    await send(cmd);
    await expect(resultOf(cmd.id)).resolves.toMatchObject({ status: 'failed', reason: 'timeout' });

    const unknown = command({ readerId: 'reader-elsewhere' });
    await send(unknown);
    await expect(commandResultOf(unknown.id)).resolves.toMatchObject({ status: 'rejected', code: 'UNKNOWN_READER' });
    expect(invalid).toEqual([]);
  });
});
