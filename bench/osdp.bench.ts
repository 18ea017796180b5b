import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CommandCode,
  decodeFrame,
  deriveSessionKeys,
  encodeFrame,
  initialRmac,
  openSecureChannel,
  OutputControlCode,
  ReplyCode,
  serverCryptogram,
  unwrapCommand,
  unwrapReply,
  wrapCommand,
  wrapReply,
  type OsdpFrame,
} from '#osdp';
import { SystemClock } from '../hardware-bridge/src/clock/clock.js';
import { OsdpDoorIo } from '../hardware-bridge/src/devices/osdp/osdp-door-io.js';
import { OsdpReader } from '../hardware-bridge/src/devices/osdp/osdp-reader.js';
import { OsdpBus } from '../hardware-bridge/src/protocol/osdp/osdp-bus.js';
import type { PacketTrace, TraceDirection } from '../hardware-bridge/src/protocol/osdp/packet-trace.js';
import { SimulatedDoorIoPd } from '../hardware-bridge/src/simulation/osdp/simulated-door-io-pd.js';
import { openSimulatedLine } from '../hardware-bridge/src/simulation/osdp/simulated-line.js';
import { SimulatedPd } from '../hardware-bridge/src/simulation/osdp/simulated-pd.js';
import { simulatedPdConfig } from '../hardware-bridge/src/simulation/osdp/simulated-pd-config.js';
import { SimulatedPdLine } from '../hardware-bridge/src/simulation/osdp/simulated-pd-line.js';
import { SimulatedReaderPd } from '../hardware-bridge/src/simulation/osdp/simulated-reader-pd.js';
import { SerialTransport } from '../hardware-bridge/src/transport/serial.transport.js';
import { pino } from 'pino';
import type { Bench } from './bench-report.js';

/**
 * OSDP: frame codec and Secure Channel throughput (one core, in process), then the bridge's OSDP stack
 * (bus + 16 readers + 16 door I/O modules = 32 devices, Secure Channel on all) polling over a real socat pty
 * pair at 115200 baud. The simulated peripherals run in a child process on the other end, with the wire
 * time of 115200 baud modelled (a pty moves bytes instantly), so the CPU figure is the bridge's alone.
 *
 * `npm run bench -- osdp [seconds]` (default 10 s of polling at the 200 ms interval).
 */
const BAUD = 115200;
const DEVICES = 32;
const PERIPHERALS_FLAG = 'OSDP_BENCH_PERIPHERALS';

interface PeripheralSpec {
  path: string;
  devices: Array<{ id: string; address: number; role: 'reader' | 'io'; key: string }>;
}

export const bench: Bench = async (args) => {
  const seconds = Number(args[0] ?? 10);
  const codec = codecThroughput();
  const sc = secureChannelThroughput();
  const paced = await busRun(seconds, 200);
  const flat = await busRun(Math.min(seconds, 5), 20);
  return {
    name: `osdp (${DEVICES} devices on one ${BAUD}-baud socat pty pair, Secure Channel, ${seconds} s)`,
    rows: [
      { metric: 'frame encode (OUT, CRC, mark)', value: codec.encodePerSecond, unit: 'frames/s' },
      { metric: 'frame decode', value: codec.decodePerSecond, unit: 'frames/s' },
      { metric: 'Secure Channel wrap+unwrap (POLL/ACK, SCS_15/16)', value: sc.macPerSecond, unit: 'frames/s' },
      { metric: 'Secure Channel wrap+unwrap (OUT, SCS_17 encrypted)', value: sc.encryptedPerSecond, unit: 'frames/s' },
      { metric: 'poll interval per device, mean (200 ms configured)', value: paced.meanGapMs, unit: 'ms' },
      { metric: 'poll interval per device, p99', value: paced.p99GapMs, unit: 'ms', target: '≤ 250' },
      { metric: 'poll interval per device, max', value: paced.maxGapMs, unit: 'ms', target: '≤ 250' },
      { metric: 'bridge CPU while polling 32 devices', value: paced.cpuPercent, unit: '% of a core', target: '< 10' },
      { metric: '  of which in the kernel (pty syscalls, wake-ups)', value: paced.cpuSystemPercent, unit: '% of a core' },
      { metric: 'peripherals process CPU (for reference)', value: paced.peripheralCpuPercent, unit: '% of a core' },
      { metric: 'exchanges on the line', value: paced.exchangesPerSecond, unit: '/s' },
      { metric: 'line-bound poll cycle, all 32 (20 ms interval)', value: flat.cycleMs, unit: 'ms' },
      { metric: 'line-bound exchanges', value: flat.exchangesPerSecond, unit: '/s' },
      { metric: 'bridge CPU, line-bound', value: flat.cpuPercent, unit: '% of a core' },
      { metric: 'devices offline / missed replies', value: `${paced.offline + flat.offline} / ${paced.missed + flat.missed}` },
    ],
    figures: {
      devices: DEVICES,
      baud: BAUD,
      encodePerSecond: Math.round(codec.encodePerSecond),
      decodePerSecond: Math.round(codec.decodePerSecond),
      scMacFramesPerSecond: Math.round(sc.macPerSecond),
      scEncryptedFramesPerSecond: Math.round(sc.encryptedPerSecond),
      pollGapMeanMs: paced.meanGapMs,
      pollGapP99Ms: paced.p99GapMs,
      pollGapMaxMs: paced.maxGapMs,
      bridgeCpuPercent: paced.cpuPercent,
      bridgeCpuSystemPercent: paced.cpuSystemPercent,
      lineBoundCycleMs: flat.cycleMs,
      lineBoundExchangesPerSecond: flat.exchangesPerSecond,
      lineBoundCpuPercent: flat.cpuPercent,
      offline: paced.offline + flat.offline,
      meetsPollTarget: paced.maxGapMs <= 250,
      meetsCpuTarget: paced.cpuPercent < 10,
    },
  };
};

/** Runs `fn` repeatedly for about `ms` and returns calls per second. */
function rate(fn: () => void, ms = 1_000): number {
  for (let i = 0; i < 2_000; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1_000; i++) fn();
    n += 1_000;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

function codecThroughput(): { encodePerSecond: number; decodePerSecond: number } {
  const frame: OsdpFrame = {
    address: 0x11, isReply: false, sequence: 2, useCrc: true, code: CommandCode.Out,
    data: Buffer.from([0x00, OutputControlCode.TemporaryOn, 0x32, 0x00]),
  };
  const bytes = encodeFrame(frame, { mark: true }).subarray(1);
  let sink = 0;
  const encodePerSecond = rate(() => (sink += encodeFrame(frame, { mark: true }).length));
  const decodePerSecond = rate(() => (sink += decodeFrame(bytes).ok ? 1 : 0));
  if (sink === 0) throw new Error('unreachable');
  return { encodePerSecond, decodePerSecond };
}

function secureChannelThroughput(): { macPerSecond: number; encryptedPerSecond: number } {
  const scbk = randomBytes(16);
  const keys = deriveSessionKeys(scbk, randomBytes(8));
  const rmacI = initialRmac(keys, serverCryptogram(keys, randomBytes(8), randomBytes(8)));
  let cp = openSecureChannel(keys, rmacI);
  let pd = openSecureChannel(keys, rmacI);
  const round = (code: number, data: Buffer, replyCode: number): void => {
    const cmd = wrapCommand(cp, { address: 0x11, isReply: false, sequence: 1, useCrc: true, code, data });
    cp = cmd.state;
    const atPd = unwrapCommand(pd, decodeOk(encodeFrame(cmd.frame, { mark: false })));
    if (!atPd.ok) throw new Error('command MAC');
    pd = atPd.state;
    const reply = wrapReply(pd, { address: 0x11, isReply: true, sequence: 1, useCrc: true, code: replyCode, data: Buffer.alloc(0) });
    pd = reply.state;
    const atCp = unwrapReply(cp, decodeOk(encodeFrame(reply.frame, { mark: false })));
    if (!atCp.ok) throw new Error('reply MAC');
    cp = atCp.state;
  };
  // Each round is two frames (command and reply), each wrapped, framed, parsed and unwrapped.
  const macPerSecond = 2 * rate(() => round(CommandCode.Poll, Buffer.alloc(0), ReplyCode.Ack), 1_000);
  const encryptedPerSecond = 2 * rate(() => round(CommandCode.Out, Buffer.from([0, OutputControlCode.TemporaryOn, 50, 0]), ReplyCode.Ack), 1_000);
  return { macPerSecond, encryptedPerSecond };
}

function decodeOk(bytes: Buffer): OsdpFrame {
  const decoded = decodeFrame(bytes);
  if (!decoded.ok) throw new Error(decoded.error.detail);
  return decoded.frame;
}

/** Records when each address was sent a POLL (the code byte is in clear even in SCS_15). */
class PollTrace implements PacketTrace {
  readonly polls = new Map<number, number[]>();
  exchanges = 0;
  record(direction: TraceDirection, bytes: Buffer | string): void {
    if (direction !== 'TX' || typeof bytes === 'string') return;
    this.exchanges++;
    const f = bytes[0] === 0xff ? bytes.subarray(1) : bytes;
    const code = f[4]! & 0x08 ? f[5 + f[5]!] : f[5];
    if (code !== CommandCode.Poll) return;
    const list = this.polls.get(f[1]!) ?? [];
    list.push(performance.now());
    this.polls.set(f[1]!, list);
  }
  async close(): Promise<void> {}
}

export async function busRun(seconds: number, pollIntervalMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'osdp-bench-'));
  const logger = pino({ level: 'silent' });
  const clock = new SystemClock();
  const wire = await openSimulatedLine({ dir, baudRate: BAUD, logger });
  if (wire.kind !== 'socat') throw new Error('the OSDP bench needs socat (apt-get install socat)');
  const trace = new PollTrace();
  const bus = new OsdpBus({ id: 'bench', transport: wire.bridgeSide, baudRate: BAUD, pollIntervalMs, clock, logger, trace });
  const spec: PeripheralSpec = { path: join(dir, 'ttyB'), devices: [] };
  const offline: string[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const role = i % 2 === 0 ? 'reader' : 'io';
    const id = `${role}-${i}`;
    const key = randomBytes(16);
    const channel = bus.addDevice({ deviceId: id, address: i + 1, secureChannel: true, scbk: key, installMode: false });
    channel.on('offline', () => offline.push(id));
    if (role === 'reader') new OsdpReader(id, channel, clock, logger).start();
    else new OsdpDoorIo(`door-${i}`, id, channel, { strikeOutput: 0, contactInput: 0, rexInput: 1 }, logger).start();
    spec.devices.push({ id, address: i + 1, role, key: key.toString('hex') });
  }
  const child = await startPeripherals(spec);
  try {
    await bus.start();
    const deadline = Date.now() + 10_000;
    while (!bus.devices.every((d) => d.isOnline && d.isSecure)) {
      if (Date.now() > deadline) throw new Error('not every device came online');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 1_000)); // settle: first status requests out of the way
    trace.polls.clear();
    trace.exchanges = 0;
    const cpu0 = process.cpuUsage();
    const peripheralCpu0 = await childCpu(child);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1_000));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const peripheralCpu = (await childCpu(child)) - peripheralCpu0;
    const gaps = [...trace.polls.values()].flatMap((times) => times.slice(1).map((t, i) => t - times[i]!)).sort((a, b) => a - b);
    const cycles = Math.min(...[...trace.polls.values()].map((t) => t.length));
    return {
      meanGapMs: round(gaps.reduce((a, b) => a + b, 0) / gaps.length),
      p99GapMs: round(gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.99))]!),
      maxGapMs: round(gaps.at(-1)!),
      cycleMs: round(wallMs / cycles),
      cpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
      cpuSystemPercent: round((cpu.system / 1000 / wallMs) * 100),
      peripheralCpuPercent: round((peripheralCpu / 1000 / wallMs) * 100),
      exchangesPerSecond: Math.round(trace.exchanges / (wallMs / 1000)),
      offline: offline.length,
      missed: bus.devices.reduce((n, d) => n + d.stats.missedReplies, 0),
    };
  } finally {
    await bus.stop();
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
    await wire.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

function startPeripherals(spec: PeripheralSpec): Promise<ChildProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [PERIPHERALS_FLAG]: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peripherals exited with ${code}`)));
    child.once('message', (m: { type: string }) => {
      if (m.type === 'ready') {
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
    child.send({ type: 'start', spec });
  });
}

/** CPU microseconds the child used so far. */
function childCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; micros?: number }) => {
      if (m.type !== 'cpu') return;
      child.off('message', onMessage);
      resolve(m.micros ?? 0);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

/** Child process: the 32 simulated peripherals on the device end of the pty. */
async function runPeripherals(): Promise<void> {
  const clock = new SystemClock();
  const logger = pino({ level: 'silent' });
  let line: SimulatedPdLine | undefined;
  process.on('message', async (m: { type: string; spec?: PeripheralSpec }) => {
    if (m.type === 'start' && m.spec) {
      line = new SimulatedPdLine('bench', new SerialTransport({ path: m.spec.path, baudRate: BAUD }), { baudRate: BAUD }, clock, logger);
      for (const d of m.spec.devices) {
        const pd = new SimulatedPd(d.id, simulatedPdConfig(d.role, d.id, d.address, Buffer.from(d.key, 'hex')), clock);
        if (d.role === 'reader') new SimulatedReaderPd(pd, clock);
        else new SimulatedDoorIoPd(pd, clock);
        line.attach(pd);
      }
      await line.start();
      process.send!({ type: 'ready' });
    } else if (m.type === 'cpu') {
      const usage = process.cpuUsage();
      process.send!({ type: 'cpu', micros: usage.user + usage.system });
    } else if (m.type === 'stop') {
      await line?.stop();
      process.exit(0);
    }
  });
}

if (process.env[PERIPHERALS_FLAG] === '1') void runPeripherals();
