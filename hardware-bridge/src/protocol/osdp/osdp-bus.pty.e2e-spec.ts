import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../clock/clock.js';
import { OsdpDoorIo } from '../../devices/osdp/osdp-door-io.js';
import { OsdpReader } from '../../devices/osdp/osdp-reader.js';
import { openSimulatedLine, type SimulatedLine } from '../../simulation/osdp/simulated-line.js';
import { SimulatedDoorIoPd } from '../../simulation/osdp/simulated-door-io-pd.js';
import { SimulatedPd } from '../../simulation/osdp/simulated-pd.js';
import { simulatedPdConfig } from '../../simulation/osdp/simulated-pd-config.js';
import { SimulatedPdLine } from '../../simulation/osdp/simulated-pd-line.js';
import { SimulatedReaderPd } from '../../simulation/osdp/simulated-reader-pd.js';
import { waitFor } from '../../testing/fake-clock.js';
import { silentLogger } from '../../testing/test-logger.js';
import { OsdpBus } from './osdp-bus.js';
import type { OsdpPdChannel } from './osdp-pd-channel.js';

/**
 * The OSDP bus over a REAL pty pair (socat) opened with the REAL serialport package on both ends:
 * the bridge's bus on one end, 8 simulated peripherals (6 readers, 2 door I/O boards) on the other,
 * 115200 baud, Secure Channel on every device, real time.
 */
const BAUD = 115200;
const clock = new SystemClock();
const logger = silentLogger();

interface Rig {
  wire: SimulatedLine;
  bus: OsdpBus;
  line: SimulatedPdLine;
  channels: OsdpPdChannel[];
  pds: SimulatedPd[];
  events: Array<{ atMs: number; deviceId: string; kind: string }>;
}

async function rig(dir: string, busId: string, count: number, pdKey: (i: number, key: Buffer) => Buffer = (_i, key) => key): Promise<Rig> {
  const wire = await openSimulatedLine({ dir: join(dir, busId), baudRate: BAUD, logger });
  const bus = new OsdpBus({ id: busId, transport: wire.bridgeSide, baudRate: BAUD, pollIntervalMs: 200, clock, logger });
  const line = new SimulatedPdLine(busId, wire.deviceSide, { baudRate: BAUD }, clock, logger);
  const events: Rig['events'] = [];
  const channels: OsdpPdChannel[] = [];
  const pds: SimulatedPd[] = [];
  for (let i = 0; i < count; i++) {
    const deviceId = `${busId}-dev-${i}`;
    const key = randomBytes(16);
    const channel = bus.addDevice({ deviceId, address: 0x10 + i, secureChannel: true, scbk: key, installMode: false });
    for (const kind of ['online', 'offline', 'secure-channel-up', 'secure-channel-failed'] as const) {
      channel.on(kind, () => events.push({ atMs: clock.nowMs(), deviceId, kind }));
    }
    channels.push(channel);
    const pd = new SimulatedPd(deviceId, simulatedPdConfig(i < 6 ? 'reader' : 'io', deviceId, 0x10 + i, pdKey(i, key)), clock);
    line.attach(pd);
    pds.push(pd);
  }
  await line.start();
  return { wire, bus, line, channels, pds, events };
}

async function close(r: Rig | undefined): Promise<void> {
  if (!r) return;
  await r.bus.stop();
  await r.line.stop();
  await r.wire.close();
}

describe('OSDP bus over a socat pty pair with serialport (8 devices, 115200 baud, Secure Channel)', () => {
  let dir: string;
  let main: Rig | undefined;
  let foreign: Rig | undefined;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'osdp-pty-'))));
  afterAll(async () => {
    await close(main);
    await close(foreign);
    rmSync(dir, { recursive: true, force: true });
  });

  it('should poll 8 secured devices, pulse a strike, survive noise, and lose and regain one device while the others keep working', async () => {
    main = await rig(dir, 'bus-a', 8);
    expect(main.wire.kind).toBe('socat'); // socat is installed here and in CI (.ci/run)
    const readers = main.pds.slice(0, 6).map((pd) => new SimulatedReaderPd(pd, clock));
    const board = new SimulatedDoorIoPd(main.pds[6]!, clock);
    const reader = new OsdpReader('reader-0', main.channels[0]!, clock, logger);
    const io = new OsdpDoorIo('door-1', main.pds[6]!.deviceId, main.channels[6]!, { strikeOutput: 0, contactInput: 0, rexInput: 1 }, logger);
    reader.start();
    io.start();
    await main.bus.start();

    // 1. Everyone online with Secure Channel.
    await waitFor(() => main!.channels.every((c) => c.isOnline && c.isSecure), 'all 8 devices online and secure', 5_000);
    expect(main.pds.every((pd) => pd.isSecure)).toBe(true);

    // 2. OUT code 5 pulses the strike; the board ends the pulse by itself.
    await io.setStrike(true, 800);
    expect(board.isOn(0)).toBe(true);
    expect(board.history.at(-1)).toMatchObject({ output: 0, on: true, pulseMs: 800 });
    await waitFor(() => !board.isOn(0), 'the board to end the pulse', 2_000);

    // 3. A keypad entry arrives as keys at the bridge's reader.
    const keys: string[] = [];
    reader.on('keys', (k) => keys.push(k));
    await readers[0]!.pressKeys('70001#');
    await waitFor(() => keys.join('') === '70001#', 'the keys', 2_000);

    // 4. Noise on the line: random bursts, false SOMs and damaged replies for 2 s.
    const noiseUntil = Date.now() + 2_000;
    while (Date.now() < noiseUntil) {
      await main.line.injectNoise(1 + Math.floor(Math.random() * 40));
      await main.line.injectNoise(6, Buffer.from([0x53, 0x90, 0xff, 0x03, 0x05, 0x00]));
      main.line.damageNextReplies(1);
      await new Promise((r) => setTimeout(r, 40));
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(main.events.filter((e) => e.kind === 'offline')).toEqual([]);
    expect(main.channels.every((c) => c.isOnline && c.isSecure)).toBe(true);
    expect(main.bus.lineStats.damaged).toBeGreaterThan(0);

    // 5. One device stops answering (unplugged): offline within 8 s of its last reply; the rest keep going.
    //    Meanwhile a second, independent bus holds a device with the wrong SCBK.
    foreign = await rig(dir, 'bus-b', 2, (i, key) => (i === 1 ? randomBytes(16) : key));
    await foreign.bus.start();
    const victim = main.pds[3]!;
    const others = main.channels.filter((_, i) => i !== 3);
    victim.powerOff();
    const stoppedAt = Date.now();
    const lastAnswer = victim.stats.lastAnsweredAtMs;
    const pollsBefore = others.map((c) => c.stats.polls);
    others.forEach((c) => (c.stats.maxPollGapMs = 0));
    await waitFor(() => main!.events.some((e) => e.kind === 'offline'), 'the stopped device to go offline', 9_000);
    const offline = main.events.find((e) => e.kind === 'offline')!;
    expect(offline.deviceId).toBe(victim.deviceId);
    // OSDP's rule: offline after 8 s without a valid reply (measured from that last reply, plus timer jitter).
    expect(offline.atMs - lastAnswer).toBeGreaterThanOrEqual(7_900);
    expect(offline.atMs - lastAnswer).toBeLessThanOrEqual(8_250);
    expect(offline.atMs - stoppedAt).toBeLessThanOrEqual(8_250);
    others.forEach((c, i) => {
      expect(c.isOnline).toBe(true);
      expect(c.stats.polls - pollsBefore[i]!).toBeGreaterThanOrEqual(20);
      expect(c.stats.maxPollGapMs).toBeLessThan(1_000);
    });

    // 6. The wrong key never came online on the other bus; its neighbour did.
    expect(foreign.channels[0]!.isOnline).toBe(true);
    expect(foreign.channels[1]!.isOnline).toBe(false);
    expect(foreign.events.filter((e) => e.deviceId === foreign!.channels[1]!.deviceId).map((e) => e.kind)).not.toContain('online');
    expect(foreign.events.some((e) => e.kind === 'secure-channel-failed' && e.deviceId === foreign!.channels[1]!.deviceId)).toBe(true);

    // 7. Plugged back in: online again (re-probe after back-off, new handshake).
    victim.powerOn();
    await waitFor(() => main!.channels[3]!.isOnline && main!.channels[3]!.isSecure, 'the device back online', 6_000);
    expect(main.events.filter((e) => e.deviceId === victim.deviceId).map((e) => e.kind).slice(-3)).toEqual(['offline', 'secure-channel-up', 'online']);
    expect(foreign.channels[1]!.isOnline).toBe(false);
  }, 40_000);
});
