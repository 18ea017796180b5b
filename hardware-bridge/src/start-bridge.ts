import { join } from 'node:path';
import { cacheVerifierKey } from '#contracts';
import { CacheSync } from './cache/cache-sync.js';
import { CredentialCache } from './cache/credential-cache.js';
import { SealedCacheStore } from './cache/sealed-cache.store.js';
import { isoNow, SystemClock, type Clock } from './clock/clock.js';
import { CommandHandler } from './components/command-handler.js';
import { StatusHeartbeat } from './components/status-heartbeat.js';
import { MqttDecisionClient } from './components/decision-client.js';
import { DoorEventRecorder } from './components/door-event-recorder.js';
import { DoorIoEventRecorder } from './components/door-io-event-recorder.js';
import { DEFAULT_SEQUENCE_TIMEOUTS, DoorSequence } from './components/door-sequence.js';
import { Argon2PinVerifier } from './components/pin-verifier.js';
import { ReaderEventRecorder } from './components/reader-event-recorder.js';
import { SqliteSeenCommands } from './components/seen-command.store.js';
import { VeinCapture } from './components/vein-capture.js';
import { loadDeviceKeys } from './config/device-keys.js';
import type { BridgeEnv } from './config/env.config.js';
import type { SiteConfig } from './config/site-config.schema.js';
import { Door } from './devices/door.js';
import { OsdpSiteDevices } from './devices/osdp/osdp-site-devices.js';
import { errorMessage, type Logger } from './logging/logger.js';
import { bridgeTopics } from './mqtt/bridge-topics.js';
import { InboundDispatcher } from './mqtt/inbound-dispatcher.js';
import { MqttConnection } from './mqtt/mqtt-connection.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxPublisher } from './outbox/outbox-publisher.js';
import { OsdpSimulation } from './simulation/osdp/osdp-simulation.js';
import { ensureSimulatedKeys } from './simulation/osdp/simulated-keys.js';
import { SimControl, type SimulatedStation } from './simulation/sim-control.js';
import { SimFinger } from './simulation/sim-finger.js';
import { SimReaderPowerSwitch } from './simulation/sim-reader-power.js';
import { openBridgeDatabase, type BridgeDatabase } from './storage/bridge-database.js';
import { SerialTransport } from './transport/serial.transport.js';
import { BRIDGE_VERSION } from './version.js';

export interface StartBridgeOptions {
  env: BridgeEnv;
  site: Readonly<SiteConfig>;
  logger: Logger;
  clock?: Clock;
  /** `--simulate` knobs for tests: the socat program (`false` = in-memory lines) and a key override per simulated device. */
  simulation?: SimulationOverrides;
}

export interface SimulationOverrides {
  socat?: string | false;
  /** The key the simulated device holds (default: the bridge's key for it). */
  deviceKey?: (deviceId: string, bridgeKey: Buffer | undefined) => Buffer | undefined;
}

export interface RunningBridge {
  readonly bridgeId: string;
  readonly outbox: Outbox;
  readonly cache: CredentialCache;
  readonly mqtt: MqttConnection;
  readonly doors: ReadonlyMap<string, Door>;
  /** The OSDP buses, readers and door I/O. */
  readonly osdp: OsdpSiteDevices;
  /** Simulate mode: the simulated peripherals on the far end of the lines. */
  readonly simulation?: OsdpSimulation;
  /** Simulated readers by reader id (simulate mode only). */
  readonly stations: ReadonlyMap<string, SimulatedStation>;
  /** Resolves at the first complete MQTT connect. */
  readonly ready: Promise<void>;
  /** Relocks every strike, publishes offline status, closes the lines, MQTT and SQLite. Idempotent. */
  stop(): Promise<void>;
}

/** How long stop() lets an attempt in flight finish (it is then recorded as undecided). */
const STOP_GRACE_MS = 2_000;
const SIMULATED_KEYS_FILE = 'osdp-simulated-keys.json';

/**
 * The composition root: config → keys → serial lines → OSDP buses → readers, door I/O → doors → sequences
 * → MQTT → sim control. In `--simulate` the lines are socat pty pairs (or in-memory) with simulated OSDP
 * peripherals on the far end. Every door is driven to its safe state before anything can ask it to open.
 */
export async function startBridge({ env, site, logger, clock = new SystemClock(), simulation }: StartBridgeOptions): Promise<RunningBridge> {
  const bridgeId = site.bridgeId;
  const db = openBridgeDatabase(join(env.dataDir, 'bridge.sqlite'), bridgeId);
  const cleanup: Array<() => Promise<void>> = [async () => void db.close()];
  try {
    return await compose({ env, site, logger, clock, simulation: simulation ?? {} }, db, cleanup);
  } catch (error) {
    for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
    throw error;
  }
}

/** Keys and, in simulate mode, the simulated peripherals with their own copies of the keys. */
async function openDevices(
  { env, site, logger, clock, simulation: overrides }: Required<StartBridgeOptions>,
  cleanup: Array<() => Promise<void>>,
): Promise<{ osdp: OsdpSiteDevices; simulation?: OsdpSimulation }> {
  const notes: string[] = [];
  if (!env.simulate) {
    const keys = loadDeviceKeys(site, { ...(env.secretsFile !== undefined && { secretsFile: env.secretsFile }), env: env.scbkVariables }, notes);
    notes.forEach((note) => logger.warn(note));
    const transportFor = (bus: SiteConfig['buses'][number]) => new SerialTransport({ path: bus.device, baudRate: bus.baud });
    return { osdp: new OsdpSiteDevices({ site, keys, transportFor, clock, logger }) };
  }
  // Simulate: random per-device keys generated once into the data dir (mode 600), given to both sides.
  const keyFile = ensureSimulatedKeys(join(env.dataDir, SIMULATED_KEYS_FILE), site.devices.filter((d) => d.secureChannel).map((d) => d.id));
  const keys = loadDeviceKeys(site, { secretsFile: keyFile, env: {} }, notes);
  notes.forEach((note) => logger.warn(note));
  const deviceKeys = new Map<string, Buffer>();
  for (const device of site.devices) {
    const key = overrides.deviceKey ? overrides.deviceKey(device.id, keys.get(device.id)) : keys.get(device.id);
    if (key) deviceKeys.set(device.id, key);
  }
  const sim = await OsdpSimulation.start({ site, dataDir: env.dataDir, keys: deviceKeys, clock, logger, ...(overrides.socat !== undefined && { socat: overrides.socat }) });
  cleanup.push(() => sim.stop());
  logger.info({ line: sim.lineKind, devices: site.devices.length }, sim.lineKind === 'socat' ? 'simulated OSDP devices on socat pty pairs' : 'simulated OSDP devices on in-memory lines (socat not available)');
  return { osdp: new OsdpSiteDevices({ site, keys, transportFor: (bus) => sim.bridgeTransport(bus.id), clock, logger }), simulation: sim };
}

async function compose(options: Required<StartBridgeOptions>, db: BridgeDatabase, cleanup: Array<() => Promise<void>>): Promise<RunningBridge> {
  const { env, site, logger, clock } = options;
  const bridgeId = site.bridgeId;
  const outbox = new Outbox(db, bridgeId, clock);
  const verifier = env.apiPublicKey ? cacheVerifierKey(env.apiPublicKey) : undefined;
  if (verifier) logger.info({ signerKeyId: verifier.keyId }, 'credential caches must be signed by the api');
  else logger.warn('BRIDGE_API_PUBLIC_KEY is not set: credential caches are accepted without a signature (migration only; set it)');
  const cache = new CredentialCache(new SealedCacheStore(db), env.cacheKey, bridgeId, clock, logger, verifier);
  cache.load();
  const { osdp, simulation } = await openDevices(options, cleanup);
  cleanup.push(() => osdp.stop());

  const doors = new Map<string, Door>();
  const stations = new Map<string, SimulatedStation>();
  const recorders: Array<{ start(): void; stop(): void }> = [];
  const topics = bridgeTopics(env.baseTopic, bridgeId);
  const dispatcher = new InboundDispatcher(env.baseTopic, bridgeId, logger);
  const mqtt = new MqttConnection({
    url: env.mqttUrl, bridgeId, topics, version: BRIDGE_VERSION, startedAt: isoNow(clock),
    state: () => ({ cacheVersion: cache.version, outboxDepth: outbox.depth() }), dispatcher, clock, logger,
  });
  const decisions = new MqttDecisionClient(mqtt, topics.decisionRequests, clock, logger);
  const pins = new Argon2PinVerifier(logger);
  const sequences: DoorSequence[] = [];
  const sequenceAt = new Map<string, DoorSequence>();

  for (const wiring of site.doors) {
    const io = osdp.doorIos.get(wiring.id)!;
    const door = new Door(wiring, io, clock, logger); // components name their door/reader ids themselves
    recorders.push(new DoorEventRecorder(door, outbox), new DoorIoEventRecorder(io, wiring.io.module, outbox));
    for (const [readerId] of [[wiring.entryReader], [wiring.exitReader]] as const) {
      if (readerId !== undefined) recorders.push(new ReaderEventRecorder(osdp.readers.get(readerId)!, wiring.id, outbox));
    }
    doors.set(wiring.id, door);
  }
  recorders.forEach((r) => r.start()); // before the lines open: no online/offline fact is missed
  await osdp.start();
  // Fail-secure: every strike is driven locked (OUT code 1) before any reader is listened to.
  await Promise.all([...doors.values()].map((door) => door.start()));

  for (const wiring of site.doors) {
    const door = doors.get(wiring.id)!;
    for (const [readerId, direction] of [[wiring.entryReader, 'entry'], [wiring.exitReader, 'exit']] as const) {
      if (readerId === undefined) continue;
      const reader = osdp.readers.get(readerId)!;
      const sequence = new DoorSequence(
        { bridgeId, replyTo: topics.decisionReplies, reader, door, cache, decisions, outbox, pins, clock, logger },
        { direction, decisionTimeoutMs: env.decisionTimeoutMs, ...DEFAULT_SEQUENCE_TIMEOUTS },
      );
      sequence.start();
      sequences.push(sequence);
      sequenceAt.set(readerId, sequence);
      const person = simulation?.readers.get(readerId);
      const controls = simulation?.doors.get(wiring.id);
      if (person && controls) stations.set(readerId, { reader: person, sequence, door, io: controls });
    }
  }

  const publisher = new OutboxPublisher(outbox, mqtt, topics.events, clock, logger);
  publisher.start();
  const captures = new VeinCapture({
    bridgeId, readers: osdp.readers, attemptInProgress: (readerId) => sequenceAt.get(readerId)?.isIdle === false,
    sealingKey: env.cacheKey, minQuality: env.enrolMinQuality, mqtt, resultTopic: topics.veinCaptureResults, clock, logger,
  });
  const commands = new CommandHandler({
    doors, seen: new SqliteSeenCommands(db), outbox, mqtt, resultTopic: topics.commandResults,
    cacheRequestTopic: topics.credentialCacheRequest, clock, logger, captures,
  });
  dispatcher.handle('decision-replies', (reply) => decisions.handleReply(reply));
  dispatcher.handle('bridge-event-acks', (ack) => publisher.handleAck(ack));
  dispatcher.handle('bridge-commands', async (command) => void (await commands.handle(command)));
  const cacheSync = new CacheSync({ cache, mqtt, requestTopic: topics.credentialCacheRequest, publishStatus: () => mqtt.publishStatus(), logger });
  dispatcher.handle('credential-cache', async (sealed) => void (await cacheSync.handle(sealed)));
  dispatcher.handle('api-status', (status) => logger.info({ apiState: status.state }, 'api status'));
  const simControl = env.simulate ? new SimControl(stations, mqtt, topics.simPresentResult, clock, logger) : undefined;
  if (simControl) dispatcher.handle('sim-present', async (request) => void (await simControl.handle(request)));
  const simFinger = simulation ? new SimFinger(simulation.readers, mqtt, topics.simPlaceFingerResult, clock, logger) : undefined;
  if (simFinger) dispatcher.handle('sim-place-finger', async (request) => void (await simFinger.handle(request)));
  if (simulation) {
    const power = new SimReaderPowerSwitch(simulation.readers, mqtt, topics.simReaderPowerResult, logger);
    dispatcher.handle('sim-reader-power', async (request) => void (await power.handle(request)));
  }

  let stopping: Promise<void> | undefined;
  let announceReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (announceReady = resolve));
  let wasReady = false;
  mqtt.onConnectionChange((connected) => {
    if (connected && !wasReady) {
      wasReady = true;
      logger.info({ cacheVersion: cache.version, outboxDepth: outbox.depth(), doors: doors.size, buses: osdp.buses.length }, 'bridge ready');
      announceReady();
    }
    // House rule: relays go to their safe state when the link to the api is lost (stop() relocks on its own).
    if (!connected && !stopping) for (const door of doors.values()) void door.toSafeState();
  });
  mqtt.start();
  const heartbeat = new StatusHeartbeat(() => mqtt.publishStatus(), env.heartbeatMs, clock, logger);
  heartbeat.start();

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      heartbeat.stop();
      simControl?.stop();
      simFinger?.stop();
      decisions.stop(); // attempts waiting for the api are denied and recorded as undecided
      await withTimeout(Promise.all(sequences.map((s) => s.stop())), STOP_GRACE_MS, clock);
      publisher.stop();
      await Promise.all([...doors.values()].map((door) => door.stop())); // OUT code 1 while the lines are still open
      recorders.forEach((r) => r.stop());
      await osdp.stop();
      await simulation?.stop();
      await mqtt.stop().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'mqtt did not close cleanly'));
      db.close();
      logger.info('bridge stopped');
    })());

  return { bridgeId, outbox, cache, mqtt, doors, osdp, ...(simulation && { simulation }), stations, ready, stop };
}

function withTimeout(work: Promise<unknown>, ms: number, clock: Clock): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    void work.finally(() => {
      clock.clearTimeout(timer);
      resolve();
    });
  });
}
