import { join } from 'node:path';
import { CredentialCache } from './cache/credential-cache.js';
import { SealedCacheStore } from './cache/sealed-cache.store.js';
import { isoNow, SystemClock, type Clock } from './clock/clock.js';
import { CommandHandler } from './components/command-handler.js';
import { MqttDecisionClient } from './components/decision-client.js';
import { DoorEventRecorder } from './components/door-event-recorder.js';
import { DEFAULT_SEQUENCE_TIMEOUTS, DoorSequence } from './components/door-sequence.js';
import { Argon2PinVerifier } from './components/pin-verifier.js';
import { ReaderEventRecorder } from './components/reader-event-recorder.js';
import { SqliteSeenCommands } from './components/seen-command.store.js';
import type { BridgeEnv } from './config/env.config.js';
import type { SiteConfig } from './config/site-config.schema.js';
import { Door } from './devices/door.js';
import { SimulatedDoorIo } from './devices/simulated/simulated-door-io.js';
import { SimulatedReader } from './devices/simulated/simulated-reader.js';
import { errorMessage, type Logger } from './logging/logger.js';
import { bridgeTopics } from './mqtt/bridge-topics.js';
import { InboundDispatcher } from './mqtt/inbound-dispatcher.js';
import { MqttConnection } from './mqtt/mqtt-connection.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxPublisher } from './outbox/outbox-publisher.js';
import { SimControl, type SimulatedStation } from './simulation/sim-control.js';
import { openBridgeDatabase, type BridgeDatabase } from './storage/bridge-database.js';
import { BRIDGE_VERSION } from './version.js';

export interface StartBridgeOptions {
  env: BridgeEnv;
  site: Readonly<SiteConfig>;
  logger: Logger;
  clock?: Clock;
}

export interface RunningBridge {
  readonly bridgeId: string;
  readonly outbox: Outbox;
  readonly cache: CredentialCache;
  readonly mqtt: MqttConnection;
  readonly doors: ReadonlyMap<string, Door>;
  /** Simulated readers by reader id (simulate mode only). */
  readonly stations: ReadonlyMap<string, SimulatedStation>;
  /** Resolves at the first complete MQTT connect. */
  readonly ready: Promise<void>;
  /** Relocks every strike, publishes offline status, closes MQTT and SQLite. Idempotent. */
  stop(): Promise<void>;
}

/** How long stop() lets an attempt in flight finish (it is then recorded as undecided). */
const STOP_GRACE_MS = 2_000;

/**
 * The composition root: config → SQLite → outbox, cache → devices → doors → sequences → MQTT → sim control.
 * Every door is driven to its safe state before anything can ask it to open.
 */
export async function startBridge({ env, site, logger, clock = new SystemClock() }: StartBridgeOptions): Promise<RunningBridge> {
  if (!env.simulate) {
    throw new Error('only simulated readers and doors exist so far: start with --simulate (OSDP devices plug in later)');
  }
  const bridgeId = site.bridgeId;
  const db = openBridgeDatabase(join(env.dataDir, 'bridge.sqlite'), bridgeId);
  try {
    return await compose({ env, site, logger, clock }, db);
  } catch (error) {
    db.close();
    throw error;
  }
}

async function compose({ env, site, logger, clock }: Required<StartBridgeOptions>, db: BridgeDatabase): Promise<RunningBridge> {
  const bridgeId = site.bridgeId;
  const outbox = new Outbox(db, bridgeId, clock);
  const cache = new CredentialCache(new SealedCacheStore(db), env.cacheKey, bridgeId, clock, logger);
  cache.load();

  const doors = new Map<string, Door>();
  const stations = new Map<string, SimulatedStation>();
  const recorders: Array<{ stop(): void }> = [];
  const topics = bridgeTopics(env.baseTopic, bridgeId);
  const dispatcher = new InboundDispatcher(env.baseTopic, bridgeId, logger);
  const mqtt = new MqttConnection({
    url: env.mqttUrl, bridgeId, topics, version: BRIDGE_VERSION, startedAt: isoNow(clock),
    state: () => ({ cacheVersion: cache.version, outboxDepth: outbox.depth() }), dispatcher, clock, logger,
  });
  const decisions = new MqttDecisionClient(mqtt, topics.decisionRequests, clock, logger);
  const pins = new Argon2PinVerifier(logger);
  const sequences: DoorSequence[] = [];

  for (const wiring of site.doors) {
    const io = new SimulatedDoorIo(wiring.id, clock);
    const door = new Door(wiring, io, clock, logger); // components name their door/reader ids themselves
    const recorder = new DoorEventRecorder(door, outbox);
    recorder.start();
    recorders.push(recorder);
    await door.start(); // fail-secure: strike locked before any reader is listened to
    doors.set(wiring.id, door);
    for (const [readerWiring, direction] of [[wiring.entryReader, 'entry'], [wiring.exitReader, 'exit']] as const) {
      const reader = new SimulatedReader(readerWiring.id, clock);
      const sequence = new DoorSequence(
        { bridgeId, replyTo: topics.decisionReplies, reader, door, cache, decisions, outbox, pins, clock, logger },
        { direction, decisionTimeoutMs: env.decisionTimeoutMs, ...DEFAULT_SEQUENCE_TIMEOUTS },
      );
      sequence.start();
      sequences.push(sequence);
      const readerRecorder = new ReaderEventRecorder(reader, wiring.id, outbox);
      readerRecorder.start();
      recorders.push(readerRecorder);
      stations.set(reader.id, { reader, sequence, door, io });
    }
  }

  const publisher = new OutboxPublisher(outbox, mqtt, topics.events, clock, logger);
  publisher.start();
  const commands = new CommandHandler({
    doors, seen: new SqliteSeenCommands(db), outbox, mqtt, resultTopic: topics.commandResults,
    cacheRequestTopic: topics.credentialCacheRequest, clock, logger,
  });
  dispatcher.handle('decision-replies', (reply) => decisions.handleReply(reply));
  dispatcher.handle('bridge-event-acks', (ack) => publisher.handleAck(ack));
  dispatcher.handle('bridge-commands', async (command) => void (await commands.handle(command)));
  dispatcher.handle('credential-cache', async (sealed) => {
    if (cache.accept(sealed).status === 'updated') await mqtt.publishStatus();
  });
  dispatcher.handle('api-status', (status) => logger.info({ apiState: status.state }, 'api status'));
  const simControl = env.simulate ? new SimControl(stations, mqtt, topics.simPresentResult, clock, logger) : undefined;
  if (simControl) dispatcher.handle('sim-present', async (request) => void (await simControl.handle(request)));

  let announceReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (announceReady = resolve));
  let wasReady = false;
  mqtt.onConnectionChange((connected) => {
    if (connected && !wasReady) {
      wasReady = true;
      logger.info({ cacheVersion: cache.version, outboxDepth: outbox.depth(), doors: doors.size }, 'bridge ready');
      announceReady();
    }
    // House rule: relays go to their safe state when the link to the api is lost.
    if (!connected) for (const door of doors.values()) void door.toSafeState();
  });
  mqtt.start();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      simControl?.stop();
      decisions.stop(); // attempts waiting for the api are denied and recorded as undecided
      await withTimeout(Promise.all(sequences.map((s) => s.stop())), STOP_GRACE_MS, clock);
      publisher.stop();
      await Promise.all([...doors.values()].map((door) => door.stop()));
      recorders.forEach((r) => r.stop());
      await mqtt.stop().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'mqtt did not close cleanly'));
      db.close();
      logger.info('bridge stopped');
    })());

  return { bridgeId, outbox, cache, mqtt, doors, stations, ready, stop };
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
