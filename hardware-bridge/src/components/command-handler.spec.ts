import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeCommand } from '#contracts';
import { Door } from '../devices/door.js';
import { SimulatedDoorIo } from '../devices/simulated/simulated-door-io.js';
import { Outbox } from '../outbox/outbox.js';
import { openBridgeDatabase, type BridgeDatabase } from '../storage/bridge-database.js';
import { validateEmittedEvent } from '../testing/event-validation.js';
import { FakeClock } from '../testing/fake-clock.js';
import { FakeMqttPort } from '../testing/fake-mqtt-port.js';
import { silentLogger } from '../testing/test-logger.js';
import { CommandHandler, type VeinCaptures } from './command-handler.js';
import { SqliteSeenCommands } from './seen-command.store.js';

const RESULTS = 'acs/v1/bridges/bridge-1/commands/result';
const CACHE_REQUEST = 'acs/v1/bridges/bridge-1/cache/request';

describe(CommandHandler.name, () => {
  let dir: string;
  let db: BridgeDatabase;
  let clock: FakeClock;
  let io: SimulatedDoorIo;
  let door: Door;
  let outbox: Outbox;
  let mqtt: FakeMqttPort;
  let sut: CommandHandler;
  let captures: VeinCaptures & { started: Array<{ captureId: string; readerId: string }> };
  let n = 0;

  const command = (overrides: Partial<BridgeCommand> = {}): BridgeCommand => ({
    id: `01960000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    type: 'unlock',
    issuedAt: new Date(clock.nowMs()).toISOString(),
    expiresAt: new Date(clock.nowMs() + 30_000).toISOString(),
    doorId: 'door-a1',
    reason: 'maintenance visit',
    ...overrides,
  });
  const pulses = () => io.history.filter((h) => h.released);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-cmd-'));
    db = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
    clock = new FakeClock();
    io = new SimulatedDoorIo('door-a1', clock);
    door = new Door({ id: 'door-a1', strike: { pulseMs: 5_000, maxPulseMs: 10_000 }, heldOpenMs: 30_000, rexGraceMs: 10_000 }, io, clock, silentLogger());
    await door.start();
    outbox = new Outbox(db, 'bridge-1', clock);
    mqtt = new FakeMqttPort();
    const started: Array<{ captureId: string; readerId: string }> = [];
    captures = {
      started,
      knowsReader: (readerId) => readerId === 'reader-a1-in',
      run: async (captureId, params) => void started.push({ captureId, readerId: params.readerId }),
    };
    sut = new CommandHandler({
      doors: new Map([['door-a1', door]]), seen: new SqliteSeenCommands(db), outbox, mqtt,
      resultTopic: RESULTS, cacheRequestTopic: CACHE_REQUEST, clock, logger: silentLogger(), captures,
    });
  });
  afterEach(async () => {
    await door.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should unlock a door, capping the pulse, and publish an ok result', async () => {
    const cmd = command({ pulseMs: 60_000 });
    await expect(sut.handle(cmd)).resolves.toMatchObject({ commandId: cmd.id, status: 'ok' });
    expect(pulses()).toEqual([expect.objectContaining({ pulseMs: 10_000 })]);
    expect(mqtt.on(RESULTS)).toEqual([expect.objectContaining({ commandId: cmd.id, status: 'ok', message: 'unlocked for 10000 ms' })]);
  });

  it('should refuse an expired command without touching the strike', async () => {
    const cmd = command({ expiresAt: new Date(clock.nowMs() - 1).toISOString() });
    await expect(sut.handle(cmd)).resolves.toMatchObject({ status: 'rejected', code: 'EXPIRED' });
    expect(pulses()).toEqual([]);
    const [event] = outbox.pending();
    expect(event).toMatchObject({ type: 'command.rejected', doorId: 'door-a1', payload: { commandId: cmd.id, code: 'EXPIRED' } });
    expect(validateEmittedEvent(event)).toMatchObject({ ok: true });
  });

  it('should not re-pulse the strike for a duplicate command', async () => {
    const cmd = command();
    await sut.handle(cmd);
    await expect(sut.handle({ ...cmd })).resolves.toMatchObject({ status: 'rejected', code: 'DUPLICATE' });
    expect(pulses()).toHaveLength(1);
  });

  it('should still recognise a duplicate after a restart (ids are stored)', async () => {
    const cmd = command();
    await sut.handle(cmd);
    const restarted = new CommandHandler({
      doors: new Map([['door-a1', door]]), seen: new SqliteSeenCommands(db), outbox, mqtt,
      resultTopic: RESULTS, cacheRequestTopic: CACHE_REQUEST, clock, logger: silentLogger(),
    });
    await expect(restarted.handle({ ...cmd })).resolves.toMatchObject({ code: 'DUPLICATE' });
    expect(pulses()).toHaveLength(1);
  });

  it('should refuse an unknown door', async () => {
    await expect(sut.handle(command({ doorId: 'door-zz' }))).resolves.toMatchObject({ status: 'rejected', code: 'UNKNOWN_DOOR' });
    await expect(sut.handle(command({ doorId: undefined }))).resolves.toMatchObject({ code: 'UNKNOWN_DOOR' });
    expect(pulses()).toEqual([]);
  });

  it('should report an I/O failure as an error result', async () => {
    io.failNextSetStrike(new Error('NAK'));
    await expect(sut.handle(command())).resolves.toMatchObject({ status: 'error', code: 'UNLOCK_FAILED' });
    expect(io.strikeReleased).toBe(false);
  });

  it('should ask for the whole cache on sync-cache', async () => {
    await expect(sut.handle(command({ type: 'sync-cache', doorId: undefined }))).resolves.toMatchObject({ status: 'ok' });
    expect(mqtt.on(CACHE_REQUEST)).toEqual([{ haveVersion: 0 }]);
  });

  describe('vein-capture', () => {
    const capture = { personId: '01960000-0000-7000-8000-000000000003', readerId: 'reader-a1-in', position: 'right-middle' as const, format: 0, timeoutMs: 20_000 };
    const captureCommand = (overrides: Partial<BridgeCommand> = {}) => command({ type: 'vein-capture', doorId: undefined, reason: undefined, capture, ...overrides });

    it('should start the capture and answer ok at once', async () => {
      const cmd = captureCommand();
      await expect(sut.handle(cmd)).resolves.toMatchObject({ commandId: cmd.id, status: 'ok', message: 'capture started' });
      expect(captures.started).toEqual([{ captureId: cmd.id, readerId: 'reader-a1-in' }]);
    });

    it('should not capture for an expired command', async () => {
      const cmd = captureCommand({ expiresAt: new Date(clock.nowMs() - 1).toISOString() });
      await expect(sut.handle(cmd)).resolves.toMatchObject({ status: 'rejected', code: 'EXPIRED' });
      expect(captures.started).toEqual([]);
      expect(outbox.pending()[0]).toMatchObject({ type: 'command.rejected', payload: { commandId: cmd.id, code: 'EXPIRED' } });
    });

    it('should capture once for a repeated command id', async () => {
      const cmd = captureCommand();
      await sut.handle(cmd);
      await expect(sut.handle({ ...cmd })).resolves.toMatchObject({ status: 'rejected', code: 'DUPLICATE' });
      expect(captures.started).toHaveLength(1);
    });

    it('should refuse a reader this bridge does not have, and a bridge without capture', async () => {
      await expect(sut.handle(captureCommand({ capture: { ...capture, readerId: 'reader-zz' } }))).resolves.toMatchObject({ status: 'rejected', code: 'UNKNOWN_READER' });
      const without = new CommandHandler({
        doors: new Map([['door-a1', door]]), seen: new SqliteSeenCommands(db), outbox, mqtt,
        resultTopic: RESULTS, cacheRequestTopic: CACHE_REQUEST, clock, logger: silentLogger(),
      });
      await expect(without.handle(captureCommand())).resolves.toMatchObject({ status: 'rejected', code: 'NOT_SUPPORTED' });
      expect(captures.started).toEqual([]);
    });
  });
});
