import { CommandCode, OutputControlCode, type OsdpCommand } from '#osdp';
import { osdpBusFixture } from '../../testing/osdp-bus-fixture.js';
import { silentLogger } from '../../testing/test-logger.js';
import { SimulatedDoorIoPd } from '../../simulation/osdp/simulated-door-io-pd.js';
import { Door, type DoorEvents, type UnlockCause } from '../door.js';
import { OsdpDoorIo } from './osdp-door-io.js';

const wiring = { strikeOutput: 1, contactInput: 0, rexInput: 2 };
const grant: UnlockCause = { kind: 'grant', attemptId: '01960000-0000-7000-8000-000000000001', decisionId: '01960000-0000-7000-8000-000000000002', readerId: 'r1' };

async function setup(options: { startDoor?: boolean; strikeLeftOn?: boolean } = {}) {
  const f = osdpBusFixture({ devices: 2, kind: () => 'io' });
  const board = new SimulatedDoorIoPd(f.pds[0]!, f.clock);
  const door_ = board.door(wiring);
  const sim = {
    get strikeReleased() {
      return door_.strikeReleased;
    },
    setContact: door_.setContact,
    pressRex: door_.pressRex,
    onCommand: board.onCommand.bind(board),
    strikeHistory: () => board.history.filter((h) => h.output === wiring.strikeOutput),
  };
  const commands: OsdpCommand[] = [];
  const onCommand = board.onCommand.bind(board);
  board.onCommand = (c) => (commands.push(c), onCommand(c));
  if (options.strikeLeftOn) board.onCommand({ code: CommandCode.Out, outputs: [{ outputNo: 1, controlCode: OutputControlCode.PermanentOnAbortTimed, timer100ms: 0 }] });
  const io = new OsdpDoorIo('door-1', 'io-1', f.channels[0]!, wiring, silentLogger());
  const door = new Door({ id: 'door-1', strike: { pulseMs: 5_000, maxPulseMs: 10_000 }, heldOpenMs: 30_000, rexGraceMs: 10_000 }, io, f.clock, silentLogger());
  const events: Array<[keyof DoorEvents, unknown]> = [];
  for (const name of ['unlocked', 'relocked', 'opened', 'closed', 'forced-open', 'held-open', 'exit-requested', 'fault'] as const) {
    door.on(name, (value) => events.push([name, value]));
  }
  const ioEvents: string[] = [];
  io.on('contact', (c) => ioEvents.push(`contact:${c}`));
  io.on('rex', () => ioEvents.push('rex'));
  io.on('fault', (e) => ioEvents.push(`fault:${e.message}`));
  io.on('online', (o) => ioEvents.push(`online:${o}`));
  io.start();
  await f.start();
  const doorStarted = options.startDoor === false ? Promise.resolve() : door.start();
  await f.clock.advance(500);
  await doorStarted;
  const names = () => events.map(([n]) => n);
  /** The OUT travels the (fake-clock) line: move the clock while waiting for the door. */
  const unlock = async (ms: number) => {
    const pulse = door.unlock(ms, grant);
    await f.clock.advance(50);
    return pulse;
  };
  return { f, sim, io, door, events, names, ioEvents, commands, unlock };
}

describe(OsdpDoorIo.name, () => {
  describe('fail-secure', () => {
    it('should drive the strike output to the safe state at start (OUT code 1), whatever it was left in', async () => {
      const { f, sim, commands } = await setup({ strikeLeftOn: true });
      expect(sim.strikeReleased).toBe(false);
      expect(commands.filter((c) => c.code === CommandCode.Out)).toContainEqual({
        code: CommandCode.Out, outputs: [{ outputNo: 1, controlCode: OutputControlCode.PermanentOffAbortTimed, timer100ms: 0 }],
      });
      await f.stop();
    });

    it('should put the outputs in the safe state on a bus error (through the fault path)', async () => {
      const { f, sim, door, names, ioEvents, unlock } = await setup();
      await unlock(60_000);
      expect(sim.strikeReleased).toBe(true);
      f.cpSide.simulateFailure(new Error('adapter unplugged'));
      await f.clock.advance(3_000); // the line is reopened (1 s) and the OUT code 1 gets through
      expect(ioEvents.some((e) => e.startsWith('fault:bus of I/O module io-1 failed'))).toBe(true);
      expect(names()).toEqual(['unlocked', 'fault', 'relocked']);
      expect(door.isReleased).toBe(false);
      expect(sim.strikeReleased).toBe(false);
      await f.stop();
    });

    it('should put the outputs in the safe state on shutdown', async () => {
      const { f, sim, door, unlock } = await setup();
      await unlock(5_000);
      const stopped = door.stop();
      await f.clock.advance(50);
      await stopped;
      expect(sim.strikeReleased).toBe(false);
      expect(sim.strikeHistory().at(-1)).toMatchObject({ on: false });
      await f.stop();
    });

    it('should relock by the module\'s own timer when the bridge cannot (OUT code 5, timer in 100 ms units)', async () => {
      const { f, sim, commands, unlock } = await setup();
      await expect(unlock(2_345)).resolves.toBe(2_400);
      expect(commands.at(-1)).toEqual({ code: CommandCode.Out, outputs: [{ outputNo: 1, controlCode: OutputControlCode.TemporaryOn, timer100ms: 24 }] });
      expect(sim.strikeHistory().at(-1)).toMatchObject({ on: true, pulseMs: 2_400 });
      f.pds[0]!.powerOff(); // the bridge can no longer reach it
      await f.clock.advance(2_400);
      expect(sim.strikeReleased).toBe(false);
      await f.stop();
    });

    it('should treat the module going offline as a fault', async () => {
      const { f, names, ioEvents } = await setup();
      f.pds[0]!.powerOff();
      await f.clock.advance(9_000);
      expect(ioEvents).toContain('online:false');
      expect(ioEvents.some((e) => /^fault:I\/O module io-1 offline/.test(e))).toBe(true);
      expect(names()).toContain('fault');
      await f.stop();
    });
  });

  describe('inputs', () => {
    it('should learn the contact at start and report contact changes and REX presses from ISTATR', async () => {
      const { f, sim, door, events, ioEvents } = await setup();
      expect(ioEvents).toEqual(['online:true', 'contact:closed']);
      sim.pressRex();
      await f.clock.advance(500);
      sim.setContact('open');
      await f.clock.advance(300);
      sim.setContact('closed');
      await f.clock.advance(300);
      expect(ioEvents.slice(2)).toEqual(['rex', 'contact:open', 'contact:closed']);
      expect(events.map(([n]) => n)).toEqual(['exit-requested', 'opened', 'closed']);
      expect(door.contactState).toBe('closed');
      await f.stop();
    });

    it('should call a door opened while locked without REX forced', async () => {
      const { f, sim, names } = await setup();
      sim.setContact('open');
      await f.clock.advance(300);
      expect(names()).toEqual(['opened', 'forced-open']);
      await f.stop();
    });
  });
});
