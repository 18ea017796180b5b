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
import { DoorEventRecorder } from './door-event-recorder.js';
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
});
