import { join } from 'node:path';
import type { Clock } from '../../clock/clock.js';
import type { SiteConfig } from '../../config/site-config.schema.js';
import { errorMessage, type Logger } from '../../logging/logger.js';
import type { Transport } from '../../transport/transport.js';
import type { DoorControls } from '../sim-controls.js';
import { SimulatedDoorIoPd } from './simulated-door-io-pd.js';
import { openSimulatedLine, type SimulatedLine } from './simulated-line.js';
import { SimulatedPd } from './simulated-pd.js';
import { simulatedPdConfig } from './simulated-pd-config.js';
import { SimulatedPdLine } from './simulated-pd-line.js';
import { SimulatedReaderPd } from './simulated-reader-pd.js';

export interface OsdpSimulationOptions {
  site: Readonly<SiteConfig>;
  /** The pty links go to `<dataDir>/pty/<busId>/`. */
  dataDir: string;
  /** Each simulated device's own key (the bridge holds the same ones). Devices in install mode start on SCBK-D. */
  keys: ReadonlyMap<string, Buffer>;
  clock: Clock;
  logger: Logger;
  /** socat program; default `socat` from PATH; `false` = in-memory lines. */
  socat?: string | false;
}

/**
 * `--simulate`: every reader and I/O module of the site wiring as a simulated OSDP peripheral on the far
 * end of its bus — a socat pty pair opened with serialport on both ends, or an in-memory line — speaking
 * real OSDP with Secure Channel. The bridge drives them exactly as it drives hardware.
 */
export class OsdpSimulation {
  readonly readers = new Map<string, SimulatedReaderPd>();
  readonly ioBoards = new Map<string, SimulatedDoorIoPd>();
  /** Per door: its strike, contact and REX, for the simulated person. */
  readonly doors = new Map<string, DoorControls>();
  readonly devices = new Map<string, SimulatedPd>();
  readonly lines = new Map<string, SimulatedPdLine>();
  private readonly wires = new Map<string, SimulatedLine>();

  private constructor(private readonly options: OsdpSimulationOptions) {}

  static async start(options: OsdpSimulationOptions): Promise<OsdpSimulation> {
    const sim = new OsdpSimulation(options);
    try {
      await sim.open();
    } catch (error) {
      await sim.stop();
      throw error;
    }
    return sim;
  }

  /** How the lines are made: `socat` (real ptys) or `loopback` (in memory). */
  get lineKind(): SimulatedLine['kind'] {
    return [...this.wires.values()][0]?.kind ?? 'loopback';
  }

  /** The end of bus `busId` that the bridge opens. */
  bridgeTransport(busId: string): Transport {
    const wire = this.wires.get(busId);
    if (!wire) throw new Error(`no simulated line for bus ${busId}`);
    return wire.bridgeSide;
  }

  async stop(): Promise<void> {
    for (const line of this.lines.values()) await line.stop().catch(() => undefined);
    for (const wire of this.wires.values()) {
      await wire.close().catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'simulated line did not close cleanly'));
    }
    this.lines.clear();
    this.wires.clear();
  }

  private async open(): Promise<void> {
    const { site, dataDir, keys, clock, logger } = this.options;
    for (const bus of site.buses) {
      const wire = await openSimulatedLine({
        dir: join(dataDir, 'pty', bus.id),
        baudRate: bus.baud,
        logger,
        ...(this.options.socat !== undefined && { socat: this.options.socat }),
      });
      this.wires.set(bus.id, wire);
      const line = new SimulatedPdLine(bus.id, wire.deviceSide, { baudRate: bus.baud }, clock, logger);
      this.lines.set(bus.id, line);
      logger.info({ busId: bus.id, line: wire.kind, path: wire.description }, wire.kind === 'socat' ? 'simulated OSDP bus on a socat pty pair' : 'simulated OSDP bus on an in-memory line');
    }
    for (const device of site.devices) {
      const key = device.secureChannel && !device.installMode ? keys.get(device.id) : undefined;
      const config = simulatedPdConfig(device.role, device.id, device.address, key);
      const pd = new SimulatedPd(device.id, device.installMode ? { ...config, installMode: true, requireSecureChannel: true } : config, clock);
      this.devices.set(device.id, pd);
      this.lines.get(device.bus)!.attach(pd);
      if (device.role === 'reader') this.readers.set(device.id, new SimulatedReaderPd(pd, clock));
      else this.ioBoards.set(device.id, new SimulatedDoorIoPd(pd, clock));
    }
    for (const door of site.doors) {
      const board = this.ioBoards.get(door.io.module)!;
      this.doors.set(door.id, board.door({ strikeOutput: door.io.strikeOutput, contactInput: door.io.contactInput, ...(door.io.rexInput !== undefined && { rexInput: door.io.rexInput }) }));
    }
    for (const line of this.lines.values()) await line.start();
  }
}
