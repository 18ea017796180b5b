import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Door } from '../devices/door.js';
import { SimulatedDoorIo } from '../devices/simulated/simulated-door-io.js';
import { SimulatedReader } from '../devices/simulated/simulated-reader.js';
import { Outbox } from '../outbox/outbox.js';
import { openBridgeDatabase, type BridgeDatabase } from '../storage/bridge-database.js';
import { validateEmittedEvent } from '../testing/event-validation.js';
import { FakeClock } from '../testing/fake-clock.js';
import { silentLogger } from '../testing/test-logger.js';
import type { DoorIoEvents } from '../devices/door-io.js';
import type { ReaderEvents } from '../devices/reader.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import { DoorEventRecorder } from './door-event-recorder.js';
import { DoorIoEventRecorder } from './door-io-event-recorder.js';
import { ReaderEventRecorder } from './reader-event-recorder.js';

describe('event recorders', () => {
  let dir: string;
  let db: BridgeDatabase;
  let clock: FakeClock;
  let outbox: Outbox;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-rec-'));
    db = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
    clock = new FakeClock();
    outbox = new Outbox(db, 'bridge-1', clock);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${DoorEventRecorder.name} should record a remote unlock, forced and held-open doors and REX`, async () => {
    const io = new SimulatedDoorIo('door-a1', clock);
    const door = new Door({ id: 'door-a1', strike: { pulseMs: 5_000, maxPulseMs: 10_000 }, heldOpenMs: 30_000, rexGraceMs: 10_000 }, io, clock, silentLogger());
    new DoorEventRecorder(door, outbox).start();
    await door.start();
    const commandId = '01960000-0000-7000-8000-0000000000c1';
    await door.unlock(20_000, { kind: 'remote', commandId });
    await clock.advance(10_000);
    io.setContact('open'); // after the relock: forced
    await clock.advance(30_000);
    io.setContact('closed');
    io.pressRex();
    const events = outbox.pending();
    expect(events.map((e) => e.type)).toEqual([
      'door.unlocked', 'door.relocked', 'door.opened', 'door.forced-open', 'door.held-open', 'door.closed', 'door.exit-requested',
    ]);
    expect(events[0].payload).toEqual({ pulseMs: 10_000, cause: 'remote', commandId });
    expect(events[0].attemptId).toBeUndefined();
    expect(events.find((e) => e.type === 'door.held-open')?.payload).toEqual({ openForMs: 30_000 });
    for (const e of events) expect(validateEmittedEvent(e)).toMatchObject({ ok: true });
    await door.stop();
  });

  it(`${ReaderEventRecorder.name} should record a reader going offline and back`, () => {
    const reader = new SimulatedReader('reader-a1-in', clock);
    new ReaderEventRecorder(reader, 'door-a1', outbox).start();
    reader.setOnline(false);
    reader.setOnline(true);
    expect(outbox.pending().map((e) => [e.type, e.readerId, e.doorId])).toEqual([
      ['reader.offline', 'reader-a1-in', 'door-a1'],
      ['reader.online', 'reader-a1-in', 'door-a1'],
    ]);
  });

  it(`${ReaderEventRecorder.name} should record Secure Channel changes and tamper, but never a card number`, () => {
    const emitter = new TypedEmitter<ReaderEvents>();
    const reader = { id: 'reader-a1-in', on: emitter.on.bind(emitter) } as unknown as SimulatedReader;
    new ReaderEventRecorder(reader, 'door-a1', outbox).start();
    emitter.emit('secure-channel', { state: 'up', defaultKey: false });
    emitter.emit('secure-channel', { state: 'down', reason: 'mac-failure' });
    emitter.emit('secure-channel', { state: 'failed', defaultKey: false });
    emitter.emit('local-status', { tamper: true, powerFailure: false });
    emitter.emit('local-status', { tamper: true, powerFailure: true });
    emitter.emit('local-status', { tamper: false, powerFailure: false });
    emitter.emit('card', { format: 1, bitCount: 26, data: '123456c0' });
    const events = outbox.pending();
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['reader.secure-channel-up', { defaultKey: false }],
      ['reader.secure-channel-down', { reason: 'mac-failure' }],
      ['reader.secure-channel-failed', { defaultKey: false }],
      ['reader.local-status', { tamper: true, powerFailure: false }],
      ['reader.tamper', {}],
      ['reader.local-status', { tamper: true, powerFailure: true }],
      ['reader.local-status', { tamper: false, powerFailure: false }],
    ]);
    expect(JSON.stringify(events)).not.toContain('123456c0');
    for (const e of events) expect(validateEmittedEvent(e)).toMatchObject({ ok: true });
  });

  it(`${DoorIoEventRecorder.name} should record the I/O module's supervision under the door`, () => {
    const emitter = new TypedEmitter<DoorIoEvents>();
    const io = { id: 'door-a1', on: emitter.on.bind(emitter) } as unknown as SimulatedDoorIo;
    new DoorIoEventRecorder(io, 'io-a1', outbox).start();
    emitter.emit('online', true);
    emitter.emit('secure-channel', { state: 'up', defaultKey: false });
    emitter.emit('local-status', { tamper: true, powerFailure: false });
    emitter.emit('secure-channel', { state: 'down', reason: 'offline' });
    emitter.emit('online', false);
    const events = outbox.pending();
    expect(events.map((e) => [e.type, e.doorId, e.payload])).toEqual([
      ['door.io-online', 'door-a1', { ioModuleId: 'io-a1' }],
      ['door.io-secure-channel-up', 'door-a1', { ioModuleId: 'io-a1', defaultKey: false }],
      ['door.io-local-status', 'door-a1', { ioModuleId: 'io-a1', tamper: true, powerFailure: false }],
      ['door.io-secure-channel-down', 'door-a1', { ioModuleId: 'io-a1', reason: 'offline' }],
      ['door.io-offline', 'door-a1', { ioModuleId: 'io-a1' }],
    ]);
    for (const e of events) expect(validateEmittedEvent(e)).toMatchObject({ ok: true });
  });
});
