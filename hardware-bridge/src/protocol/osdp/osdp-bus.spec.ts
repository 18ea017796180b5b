import { CommandCode, LedColor, NakCode, ReplyCode, type OsdpCommand } from '#osdp';
import { randomBytes } from 'node:crypto';
import { SimulatedPd } from '../../simulation/osdp/simulated-pd.js';
import { simulatedPdConfig } from '../../simulation/osdp/simulated-pd-config.js';
import { SimulatedPdLine } from '../../simulation/osdp/simulated-pd-line.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { silentLogger } from '../../testing/test-logger.js';
import { LoopbackTransport } from '../../transport/loopback.transport.js';
import { osdpBusFixture, testScbk } from '../../testing/osdp-bus-fixture.js';
import { OsdpBus } from './osdp-bus.js';
import { OsdpCommandError } from './osdp-command-error.js';

const led = (color: number): OsdpCommand => ({
  code: CommandCode.Led,
  leds: [{ reader: 0, ledNo: 0, temporary: { control: 0, onTime100ms: 0, offTime100ms: 0, onColor: 0, offColor: 0, timer100ms: 0 },
    permanent: { control: 1, onTime100ms: 1, offTime100ms: 0, onColor: color, offColor: 0 } }],
});

/** The line as the bus drove it: TX and RX frames with their times. */
const frames = (f: ReturnType<typeof osdpBusFixture>) => f.trace.lines.filter((l) => l.direction === 'TX' || l.direction === 'RX');

describe('OsdpBus', () => {
  describe('polling', () => {
    it('should bring 8 PDs online with Secure Channel and poll each at its interval', async () => {
      const f = osdpBusFixture({ devices: 8 });
      await f.start();
      await f.clock.advance(5_000);
      expect(f.eventsOf('online').map((e) => e.deviceId).sort()).toEqual(f.channels.map((c) => c.deviceId).sort());
      expect(f.eventsOf('online').every((e) => (e.detail as { secure: boolean }).secure)).toBe(true);
      expect(f.pds.every((pd) => pd.isSecure)).toBe(true);
      for (const channel of f.channels) {
        expect(channel.stats.polls).toBeGreaterThanOrEqual(20);
        expect(channel.stats.maxPollGapMs).toBeLessThanOrEqual(250);
      }
      expect(f.eventsOf('offline')).toEqual([]);
      await f.stop();
    });

    it('should keep exactly one command outstanding on the line', async () => {
      const f = osdpBusFixture({ devices: 8 });
      await f.start();
      await f.clock.advance(3_000);
      let outstanding = 0;
      for (const line of frames(f)) {
        if (line.direction === 'TX') outstanding++;
        else outstanding--;
        expect(outstanding === 0 || outstanding === 1).toBe(true);
      }
      await f.stop();
    });

    it('should poll a device at its own configured interval', async () => {
      const f = osdpBusFixture({ devices: 2, pollIntervalMs: 500 });
      await f.start();
      await f.clock.advance(1_000);
      const before = f.channels.map((c) => c.stats.polls);
      await f.clock.advance(5_000);
      f.channels.forEach((c, i) => expect(c.stats.polls - before[i]!).toBeGreaterThanOrEqual(9));
      f.channels.forEach((c, i) => expect(c.stats.polls - before[i]!).toBeLessThanOrEqual(11));
      await f.stop();
    });

    it('should not let a PD with a long queue of commands starve the others', async () => {
      const f = osdpBusFixture({ devices: 8 });
      await f.start();
      await f.clock.advance(2_000);
      const gapsBefore = f.channels.map((c) => c.stats.polls);
      const results = Array.from({ length: 200 }, (_, i) => f.channels[0]!.submit(led(i % 8), 30_000));
      const settled = Promise.allSettled(results);
      await f.clock.advance(3_000);
      const outcomes = await settled;
      expect(outcomes.every((o) => o.status === 'fulfilled' && o.value.code === ReplyCode.Ack)).toBe(true);
      // The busy PD's commands went one per round; everybody else was still polled at ~5/s.
      for (const channel of f.channels.slice(1)) {
        expect(channel.stats.polls - gapsBefore[f.channels.indexOf(channel)]!).toBeGreaterThanOrEqual(13);
      }
      await f.stop();
    });
  });

  describe('unreachable devices', () => {
    it('should mark a silent PD offline 8 s after its last reply while the others keep being polled', async () => {
      const f = osdpBusFixture({ devices: 8 });
      await f.start();
      await f.clock.advance(2_000);
      const victim = f.pds[2]!;
      victim.powerOff();
      const lastAnswer = victim.stats.lastAnsweredAtMs;
      const others = f.channels.filter((_, i) => i !== 2);
      const pollsBefore = others.map((c) => c.stats.polls);
      others.forEach((c) => (c.stats.maxPollGapMs = 0));
      await f.clock.advance(10_000);
      const [offline] = f.eventsOf('offline');
      expect(offline?.deviceId).toBe('dev-3');
      expect(offline!.atMs - lastAnswer).toBeGreaterThanOrEqual(8_000);
      expect(offline!.atMs - lastAnswer).toBeLessThanOrEqual(8_050);
      others.forEach((c, i) => {
        expect(c.isOnline).toBe(true);
        expect(c.stats.polls - pollsBefore[i]!).toBeGreaterThanOrEqual(40);
        expect(c.stats.maxPollGapMs).toBeLessThan(500);
      });
      // Re-probing now: a command waits for the device, then gives up.
      const refused = f.channels[2]!.submit(led(1), 500).catch((e: unknown) => e);
      await f.clock.advance(600);
      expect(await refused).toMatchObject({ reason: expect.stringMatching(/^(offline|timeout)$/) });

      victim.powerOn();
      await f.clock.advance(3_000);
      expect(f.channels[2]!.isOnline).toBe(true);
      expect(f.channels[2]!.isSecure).toBe(true);
      await f.stop();
    });

    it('should never bring a PD with another SCBK online', async () => {
      const f = osdpBusFixture({ devices: 3, pdKey: (i) => (i === 1 ? testScbk(99) : testScbk(i)) });
      await f.start();
      await f.clock.advance(30_000);
      expect(f.eventsOf('online').map((e) => e.deviceId).sort()).toEqual(['dev-1', 'dev-3']);
      expect(f.eventsOf('secure-channel-failed').every((e) => e.deviceId === 'dev-2')).toBe(true);
      expect(f.eventsOf('secure-channel-failed').length).toBeGreaterThan(0);
      expect(f.channels[1]!.isOnline).toBe(false);
      await f.stop();
    });
  });

  describe('install mode', () => {
    const installRig = async (installMode: boolean) => {
      const clock = new FakeClock();
      const [cpSide, pdSide] = LoopbackTransport.pair('install', (fn) => clock.setTimeout(fn, 0));
      const bus = new OsdpBus({ id: 'bus-i', transport: cpSide, baudRate: 115200, pollIntervalMs: 200, clock, logger: silentLogger(), randomBytes });
      const channel = bus.addDevice({ deviceId: 'new-reader', address: 5, secureChannel: true, scbk: testScbk(5), installMode });
      const line = new SimulatedPdLine('bus-i', pdSide, { baudRate: 115200 }, clock, silentLogger());
      // Fresh from the factory: no key of its own, accepts one session on SCBK-D.
      const pd = new SimulatedPd('new-reader', { ...simulatedPdConfig('reader', 'new-reader', 5, undefined), installMode: true, requireSecureChannel: true }, clock);
      const keysets: Buffer[] = [];
      pd.on('secure-channel', (e) => e.kind === 'keyset' && keysets.push(e.key));
      line.attach(pd);
      await line.start();
      await bus.start();
      await clock.advance(3_000);
      await bus.stop();
      await line.stop();
      return { channel, keysets };
    };

    it('should give a factory-fresh reader its own key (KEYSET on SCBK-D) when install mode is on, then run on that key', async () => {
      const { channel, keysets } = await installRig(true);
      expect(keysets).toEqual([testScbk(5)]);
      expect(channel.isOnline).toBe(true);
      expect(channel.isSecure).toBe(true);
    });

    it('should never talk SCBK-D to a reader when install mode is off', async () => {
      const { channel, keysets } = await installRig(false);
      expect(keysets).toEqual([]);
      expect(channel.isOnline).toBe(false);
    });
  });

  describe('line trouble', () => {
    it('should ride out noise and damaged replies without a device going offline', async () => {
      const f = osdpBusFixture({ devices: 8 });
      await f.start();
      await f.clock.advance(2_000);
      for (let i = 0; i < 40; i++) {
        await f.line.injectNoise(1 + (i % 37));
        if (i % 4 === 0) await f.line.injectNoise(6, Buffer.from([0x53, 0x81, 0xff, 0x04, 0x05, 0x00])); // a false SOM with a long LEN
        if (i % 5 === 0) f.line.damageNextReplies(1);
        await f.clock.advance(50);
      }
      await f.clock.advance(2_000);
      expect(f.eventsOf('offline')).toEqual([]);
      expect(f.channels.every((c) => c.isOnline && c.isSecure)).toBe(true);
      expect(f.bus.lineStats.damaged + f.bus.lineStats.garbageBytes).toBeGreaterThan(0);
      expect(f.line.stats.damagedOnPurpose).toBeGreaterThan(0);
      const before = f.channels.map((c) => c.stats.polls);
      await f.clock.advance(1_000);
      f.channels.forEach((c, i) => expect(c.stats.polls).toBeGreaterThan(before[i]!));
      await f.stop();
    });

    it('should report a failed line to every device, then reopen it and carry on', async () => {
      const f = osdpBusFixture({ devices: 2 });
      await f.start();
      await f.clock.advance(1_000);
      f.cpSide.simulateFailure(new Error('adapter unplugged'));
      expect(f.eventsOf('line-fault').map((e) => e.deviceId)).toEqual(['dev-1', 'dev-2']);
      expect(f.bus.isLineUp).toBe(false);
      await f.clock.advance(1_500);
      expect(f.bus.isLineUp).toBe(true);
      await f.clock.advance(2_000);
      expect(f.channels.every((c) => c.isOnline)).toBe(true);
      expect(f.eventsOf('offline')).toEqual([]);
      await f.stop();
    });

    it('should run several buses independently: one failing line does not stop the other', async () => {
      const clock = new FakeClock();
      const a = osdpBusFixture({ devices: 3, busId: 'bus-a', clock });
      const b = osdpBusFixture({ devices: 3, busId: 'bus-b', clock });
      await Promise.all([a.start(), b.start()]);
      await clock.advance(1_000);
      a.pds.forEach((pd) => pd.powerOff());
      a.cpSide.simulateFailure();
      const before = b.channels.map((c) => c.stats.polls);
      await clock.advance(10_000);
      expect(a.eventsOf('offline')).toHaveLength(3);
      expect(b.eventsOf('offline')).toEqual([]);
      expect(b.eventsOf('line-fault')).toEqual([]);
      b.channels.forEach((c, i) => expect(c.stats.polls - before[i]!).toBeGreaterThanOrEqual(45));
      await Promise.all([a.stop(), b.stop()]);
    });
  });

  describe('commands', () => {
    it('should resolve with the reply, reject a NAK, and fail pending commands on stop', async () => {
      const f = osdpBusFixture({ devices: 1 });
      await f.start();
      await f.clock.advance(500);
      const channel = f.channels[0]!;
      const ack = channel.submit(led(LedColor.Green), 1_000);
      await f.clock.advance(50);
      await expect(ack).resolves.toEqual({ code: ReplyCode.Ack });
      f.pds[0]!.attach({ onCommand: (c) => (c.code === CommandCode.Buz ? { code: ReplyCode.Nak, nakCode: NakCode.UnknownCommand, extra: Buffer.alloc(0) } : { code: ReplyCode.Ack }) });
      const nak = channel.submit({ code: CommandCode.Buz, buzzers: [{ reader: 0, tone: 2, onTime100ms: 1, offTime100ms: 0, repeatCount: 1 }] }, 1_000);
      const nakOutcome = nak.catch((e: unknown) => e);
      await f.clock.advance(300);
      expect(await nakOutcome).toMatchObject({ reason: 'nak', nak: { nakCode: NakCode.UnknownCommand } });
      expect(channel.isOnline).toBe(true);
      // POLL, CHLNG, SCRYPT and KEYSET belong to the session.
      await expect(channel.submit({ code: CommandCode.Poll }, 1_000)).rejects.toMatchObject({ reason: 'not-allowed' });
      const pending = channel.submit(led(LedColor.Red), 60_000);
      await f.stop();
      await expect(pending).rejects.toBeInstanceOf(OsdpCommandError);
    });

    it('should time out a command the PD never answers', async () => {
      const f = osdpBusFixture({ devices: 1 });
      await f.start();
      await f.clock.advance(500);
      f.pds[0]!.powerOff();
      const lost = f.channels[0]!.submit(led(LedColor.Red), 700);
      const settled = lost.catch((e: unknown) => e);
      await f.clock.advance(1_000);
      expect(await settled).toMatchObject({ reason: 'timeout' });
      await f.stop();
    });
  });
});
