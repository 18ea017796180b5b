import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeEventType } from '#contracts';
import { openBridgeDatabase, type BridgeDatabase } from '../storage/bridge-database.js';
import { FakeClock } from '../testing/fake-clock.js';
import { FakeMqttPort } from '../testing/fake-mqtt-port.js';
import { validateEmittedEvent } from '../testing/event-validation.js';
import { silentLogger } from '../testing/test-logger.js';
import { Outbox } from './outbox.js';
import { OutboxPublisher } from './outbox-publisher.js';

const TOPIC = 'acs/v1/bridges/bridge-1/events';

describe(Outbox.name, () => {
  let dir: string;
  let path: string;
  const open: BridgeDatabase[] = [];
  const openOutbox = (clock = new FakeClock()) => {
    const db = openBridgeDatabase(path, 'bridge-1');
    open.push(db);
    return { db, outbox: new Outbox(db, 'bridge-1', clock) };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-outbox-'));
    path = join(dir, 'bridge.sqlite');
  });
  afterEach(() => {
    open.splice(0).forEach((db) => db.open && db.close());
    rmSync(dir, { recursive: true, force: true });
  });

  it('should use WAL with synchronous=FULL', () => {
    const { db } = openOutbox();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('should assign a UUIDv7 id and a monotonic seq, producing contract-valid events', () => {
    const { outbox } = openOutbox();
    const a = outbox.append(BridgeEventType.DoorOpened, { doorId: 'door-a1' });
    const b = outbox.append(BridgeEventType.DoorHeldOpen, { doorId: 'door-a1', payload: { openForMs: 30_000 } });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect([a.seq, b.seq]).toEqual([1, 2]);
    for (const e of outbox.pending()) expect(validateEmittedEvent(e)).toMatchObject({ ok: true });
  });

  it('should keep pending events and continue the seq across a close and reopen', () => {
    const first = openOutbox();
    const a = first.outbox.append(BridgeEventType.DoorOpened, { doorId: 'door-a1' });
    first.outbox.append(BridgeEventType.DoorClosed, { doorId: 'door-a1' });
    first.outbox.acknowledge([a.id]);
    first.db.close();

    const second = openOutbox();
    expect(second.outbox.pending().map((e) => e.seq)).toEqual([2]);
    // Acked rows are gone, yet the next seq is 3, never a reused 2.
    second.outbox.acknowledge(second.outbox.pending().map((e) => e.id));
    second.db.close();
    const third = openOutbox();
    expect(third.outbox.append(BridgeEventType.DoorRelocked, { doorId: 'door-a1' }).seq).toBe(3);
  });

  it('should refuse a data dir that belongs to another bridge', () => {
    openOutbox().db.close();
    expect(() => openBridgeDatabase(path, 'bridge-2')).toThrow(/belongs to bridge bridge-1/);
  });

  describe(OutboxPublisher.name, () => {
    const setup = () => {
      const clock = new FakeClock();
      const { outbox } = openOutbox(clock);
      const mqtt = new FakeMqttPort();
      mqtt.connected = false;
      const sut = new OutboxPublisher(outbox, mqtt, TOPIC, clock, silentLogger(), { ackTimeoutMs: 5_000, window: 10 });
      sut.start();
      const sentSeqs = () => mqtt.on(TOPIC).map((e) => e.seq);
      return { clock, outbox, mqtt, sut, sentSeqs };
    };

    it('should send in seq order once connected, and after each append', () => {
      const { outbox, mqtt, sentSeqs } = setup();
      outbox.append(BridgeEventType.DoorOpened, { doorId: 'd' });
      outbox.append(BridgeEventType.DoorClosed, { doorId: 'd' });
      expect(sentSeqs()).toEqual([]);
      mqtt.setConnected(true);
      outbox.append(BridgeEventType.DoorRelocked, { doorId: 'd' });
      expect(sentSeqs()).toEqual([1, 2, 3]);
      expect(mqtt.published.every((p) => p.options.qos === 1)).toBe(true);
    });

    it('should delete events only when the api acks their ids', async () => {
      const { outbox, mqtt, sut } = setup();
      mqtt.setConnected(true);
      const a = outbox.append(BridgeEventType.DoorOpened, { doorId: 'd' });
      const b = outbox.append(BridgeEventType.DoorClosed, { doorId: 'd' });
      await new Promise((r) => setImmediate(r)); // the broker PUBACKs: still pending
      expect(outbox.depth()).toBe(2);
      sut.handleAck({ ids: [a.id] });
      expect(outbox.pending().map((e) => e.id)).toEqual([b.id]);
    });

    it('should resend unacked events after a reconnect', () => {
      const { outbox, mqtt, sentSeqs } = setup();
      mqtt.setConnected(true);
      outbox.append(BridgeEventType.DoorOpened, { doorId: 'd' });
      mqtt.setConnected(false);
      mqtt.setConnected(true);
      expect(sentSeqs()).toEqual([1, 1]);
    });

    it('should resend unacked events after the ack timeout', async () => {
      const { clock, outbox, mqtt, sut, sentSeqs } = setup();
      mqtt.setConnected(true);
      const a = outbox.append(BridgeEventType.DoorOpened, { doorId: 'd' });
      outbox.append(BridgeEventType.DoorClosed, { doorId: 'd' });
      await clock.advance(4_999);
      expect(sentSeqs()).toEqual([1, 2]);
      sut.handleAck({ ids: [a.id] });
      await clock.advance(1);
      expect(sentSeqs()).toEqual([1, 2, 2]);
    });

    it('should respect the in-flight window and keep going as acks arrive', () => {
      const { outbox, mqtt, sut, sentSeqs } = setup();
      const ids = Array.from({ length: 15 }, () => outbox.append(BridgeEventType.DoorOpened, { doorId: 'd' }).id);
      mqtt.setConnected(true);
      expect(sentSeqs()).toHaveLength(10);
      sut.handleAck({ ids: ids.slice(0, 10) });
      expect(sentSeqs()).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    });
  });
});
