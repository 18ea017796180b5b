import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import { OsdpBus } from '../protocol/osdp/osdp-bus.js';
import type { OsdpPdChannel } from '../protocol/osdp/osdp-pd-channel.js';
import type { PacketTrace, TraceDirection } from '../protocol/osdp/packet-trace.js';
import { SimulatedPd } from '../simulation/osdp/simulated-pd.js';
import { simulatedPdConfig } from '../simulation/osdp/simulated-pd-config.js';
import { SimulatedPdLine } from '../simulation/osdp/simulated-pd-line.js';
import { LoopbackTransport } from '../transport/loopback.transport.js';
import { FakeClock } from './fake-clock.js';
import { silentLogger } from './test-logger.js';

export const testScbk = (n: number): Buffer => Buffer.alloc(16, 0x40 + n);

/** Keeps the bus's trace in memory. */
export class MemoryTrace implements PacketTrace {
  readonly lines: Array<{ atMs: number; direction: TraceDirection; text: string }> = [];
  constructor(private readonly clock: FakeClock) {}
  record(direction: TraceDirection, bytes: Buffer | string): void {
    this.lines.push({ atMs: this.clock.nowMs(), direction, text: typeof bytes === 'string' ? bytes : bytes.toString('hex') });
  }
  async close(): Promise<void> {}
}

export interface BusFixtureOptions {
  devices: number;
  baudRate?: number;
  pollIntervalMs?: number;
  /** Key of the simulated PD at index i (default: the same key the bus uses). */
  pdKey?: (index: number) => Buffer | undefined;
  secure?: boolean;
  /** Reader or I/O board capabilities for the PD at index i (default reader). */
  kind?: (index: number) => 'reader' | 'io';
  busId?: string;
  clock?: FakeClock;
  logger?: Logger;
}

/** A bus on a loopback line with simulated PDs at addresses 1…n, everything on one fake clock. */
export function osdpBusFixture(options: BusFixtureOptions) {
  const clock = options.clock ?? new FakeClock();
  const logger = options.logger ?? silentLogger();
  const baudRate = options.baudRate ?? 115200;
  const secure = options.secure ?? true;
  const busId = options.busId ?? 'bus-1';
  const [cpSide, pdSide] = LoopbackTransport.pair(busId, (fn) => clock.setTimeout(fn, 0));
  const trace = new MemoryTrace(clock);
  const bus = new OsdpBus({ id: busId, transport: cpSide, baudRate, pollIntervalMs: options.pollIntervalMs ?? 200, clock, logger, trace, randomBytes });
  const line = new SimulatedPdLine(busId, pdSide, { baudRate }, clock, logger);
  const channels: OsdpPdChannel[] = [];
  const pds: SimulatedPd[] = [];
  const events: Array<{ atMs: number; deviceId: string; kind: string; detail?: unknown }> = [];
  for (let i = 0; i < options.devices; i++) {
    const deviceId = `dev-${i + 1}`;
    const address = i + 1;
    const scbk = secure ? testScbk(i) : undefined;
    const channel = bus.addDevice({ deviceId, address, secureChannel: secure, ...(scbk && { scbk }), installMode: false });
    for (const kind of ['online', 'offline', 'secure-channel-up', 'secure-channel-down', 'secure-channel-failed', 'report', 'line-fault'] as const) {
      channel.on(kind, (detail) => events.push({ atMs: clock.nowMs(), deviceId, kind, detail }));
    }
    channels.push(channel);
    const pdKey = options.pdKey ? options.pdKey(i) : scbk;
    const pd = new SimulatedPd(deviceId, simulatedPdConfig(options.kind?.(i) ?? 'reader', deviceId, address, pdKey), clock);
    line.attach(pd);
    pds.push(pd);
  }
  return {
    clock, bus, line, channels, pds, events, trace, cpSide, pdSide,
    async start(): Promise<void> {
      await line.start();
      await bus.start();
    },
    async stop(): Promise<void> {
      await bus.stop();
      await line.stop();
    },
    eventsOf: (kind: string) => events.filter((e) => e.kind === kind),
  };
}
