import { FakeClock } from '../testing/fake-clock.js';
import { silentLogger } from '../testing/test-logger.js';
import { Door, type DoorEvents, type DoorSettings, type UnlockCause } from './door.js';
import { SimulatedDoorIo } from './simulated/simulated-door-io.js';

const settings: DoorSettings = {
  id: 'door-a1',
  strike: { pulseMs: 5_000, maxPulseMs: 10_000 },
  heldOpenMs: 30_000,
  rexGraceMs: 10_000,
};
const grant: UnlockCause = {
  kind: 'grant',
  attemptId: '01960000-0000-7000-8000-000000000001',
  decisionId: '01960000-0000-7000-8000-000000000002',
  readerId: 'reader-a1-in',
};

async function setup() {
  const clock = new FakeClock();
  const io = new SimulatedDoorIo('door-a1', clock);
  const sut = new Door(settings, io, clock, silentLogger());
  const events: Array<[keyof DoorEvents, unknown]> = [];
  for (const name of ['unlocked', 'relocked', 'opened', 'closed', 'forced-open', 'held-open', 'exit-requested', 'fault'] as const) {
    sut.on(name, (value) => events.push([name, value]));
  }
  // Pretend the strike was left released by a previous run: start must lock it.
  await io.setStrike(true);
  await sut.start();
  const names = () => events.map(([name]) => name);
  return { clock, io, sut, events, names };
}

describe(Door.name, () => {
  describe('fail-secure', () => {
    it('should drive the strike to the locked safe state at start', async () => {
      const { io } = await setup();
      expect(io.strikeReleased).toBe(false);
      expect(io.history.at(-1)).toMatchObject({ released: false, safeState: true });
    });

    it.each([
      [60_000, 10_000],
      [10_001, 10_000],
      [Number.POSITIVE_INFINITY, 100],
      [3_000, 3_000],
      [1, 100],
    ])('should cap an unlock asked for %p ms at maxPulseMs (applies %p ms)', async (asked, applied) => {
      const { io, sut } = await setup();
      await expect(sut.unlock(asked, grant)).resolves.toBe(applied);
      expect(io.history.at(-1)).toMatchObject({ released: true, pulseMs: applied });
    });

    it('should relock by itself when the pulse ends', async () => {
      const { clock, io, sut, names } = await setup();
      await sut.unlock(60_000, grant);
      await clock.advance(9_999);
      expect(io.strikeReleased).toBe(true);
      await clock.advance(1);
      expect(io.strikeReleased).toBe(false);
      expect(io.history.at(-1)).toMatchObject({ released: false });
      expect(sut.isReleased).toBe(false);
      expect(names()).toEqual(['unlocked', 'relocked']);
    });

    it('should drive the strike to the safe state on stop, cancelling a pulse', async () => {
      const { clock, io, sut, events } = await setup();
      await sut.unlock(5_000, grant);
      await sut.stop();
      expect(io.strikeReleased).toBe(false);
      expect(io.history.at(-1)).toMatchObject({ safeState: true });
      expect(events.at(-1)).toEqual(['relocked', { cause: grant, reason: 'safe-state' }]);
      await clock.advance(10_000);
      await expect(sut.unlock(1_000, grant)).rejects.toThrow(/not running/);
    });

    it('should drive the strike to the safe state on a DoorIo fault', async () => {
      const { io, sut, names } = await setup();
      await sut.unlock(5_000, grant);
      io.injectFault(new Error('bus error'));
      await new Promise((r) => setImmediate(r));
      expect(io.strikeReleased).toBe(false);
      expect(io.history.at(-1)).toMatchObject({ safeState: true });
      expect(names()).toEqual(['unlocked', 'fault', 'relocked']);
    });

    it('should drive the strike to the safe state when releasing it fails', async () => {
      const { io, sut, names } = await setup();
      io.failNextSetStrike(new Error('NAK'));
      await expect(sut.unlock(5_000, grant)).rejects.toThrow('NAK');
      expect(io.history.at(-1)).toMatchObject({ safeState: true });
      expect(sut.isReleased).toBe(false);
      expect(names()).toEqual(['fault']); // no "unlocked", so no "relocked" either
    });

    it('should go to the safe state on demand (e.g. MQTT lost), reporting the relock', async () => {
      const { io, sut, names } = await setup();
      await sut.unlock(5_000, grant);
      await sut.toSafeState();
      expect(io.strikeReleased).toBe(false);
      expect(names()).toEqual(['unlocked', 'relocked']);
    });
  });

  describe('contact supervision', () => {
    it('should report opened/closed under the active unlock, then relocked', async () => {
      const { clock, io, sut, events } = await setup();
      await sut.unlock(5_000, grant);
      await clock.advance(300);
      io.setContact('open');
      await clock.advance(1_500);
      io.setContact('closed');
      await clock.advance(5_000);
      expect(events).toEqual([
        ['unlocked', { pulseMs: 5_000, cause: grant }],
        ['opened', { cause: grant, viaRex: false }],
        ['closed', { cause: grant }],
        ['relocked', { cause: grant, reason: 'pulse-ended' }],
      ]);
    });

    it('should detect a forced-open door (contact opens while locked, no REX)', async () => {
      const { io, names } = await setup();
      io.setContact('open');
      expect(names()).toEqual(['opened', 'forced-open']);
    });

    it('should not call a REX exit forced', async () => {
      const { clock, io, events } = await setup();
      io.pressRex();
      await clock.advance(2_000);
      io.setContact('open');
      expect(events).toEqual([
        ['exit-requested', undefined],
        ['opened', { cause: undefined, viaRex: true }],
      ]);
    });

    it('should call an opening long after a REX press forced', async () => {
      const { clock, io, names } = await setup();
      io.pressRex();
      await clock.advance(10_001);
      io.setContact('open');
      expect(names()).toEqual(['exit-requested', 'opened', 'forced-open']);
    });

    it('should detect a held-open door (open past heldOpenMs)', async () => {
      const { clock, io, sut, events } = await setup();
      await sut.unlock(5_000, grant);
      io.setContact('open');
      await clock.advance(29_999);
      expect(events.map(([n]) => n)).not.toContain('held-open');
      await clock.advance(1);
      expect(events).toContainEqual(['held-open', { openForMs: 30_000, cause: grant }]);
    });

    it('should not report held-open when the door closes in time', async () => {
      const { clock, io, sut, names } = await setup();
      await sut.unlock(5_000, grant);
      io.setContact('open');
      await clock.advance(10_000);
      io.setContact('closed');
      await clock.advance(60_000);
      expect(names()).not.toContain('held-open');
    });
  });
});
