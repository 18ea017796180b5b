import type { Clock } from '../../clock/clock.js';
import type { BusWiring, SiteConfig } from '../../config/site-config.schema.js';
import type { Logger } from '../../logging/logger.js';
import { OsdpBus } from '../../protocol/osdp/osdp-bus.js';
import type { OsdpPdChannel } from '../../protocol/osdp/osdp-pd-channel.js';
import { FilePacketTrace } from '../../protocol/osdp/packet-trace.js';
import type { Transport } from '../../transport/transport.js';
import { OsdpDoorIo } from './osdp-door-io.js';
import { OsdpReader } from './osdp-reader.js';

export interface OsdpSiteDevicesOptions {
  site: Readonly<SiteConfig>;
  /** SCBK per device id (devices with `secureChannel: false` have none). */
  keys: ReadonlyMap<string, Buffer>;
  /** The serial line of each bus (serialport on hardware; one end of a simulated line in `--simulate`). */
  transportFor: (bus: Readonly<BusWiring>) => Transport;
  clock: Clock;
  logger: Logger;
}

/**
 * The site wiring turned into OSDP buses (one per serial line) and the devices on them: an `OsdpReader` per
 * reader and an `OsdpDoorIo` per door (on its I/O module's channel, with the door's output/input mapping).
 */
export class OsdpSiteDevices {
  readonly buses: OsdpBus[] = [];
  readonly readers = new Map<string, OsdpReader>();
  /** By door id. */
  readonly doorIos = new Map<string, OsdpDoorIo>();
  readonly channels = new Map<string, OsdpPdChannel>();

  constructor(private readonly options: OsdpSiteDevicesOptions) {
    const { site, keys, clock, logger } = options;
    const busById = new Map<string, OsdpBus>();
    for (const wiring of site.buses) {
      const bus = new OsdpBus({
        id: wiring.id,
        transport: options.transportFor(wiring),
        baudRate: wiring.baud,
        pollIntervalMs: wiring.pollIntervalMs,
        clock,
        logger,
        ...(wiring.traceFile !== undefined && { trace: new FilePacketTrace(wiring.traceFile, clock) }),
      });
      busById.set(wiring.id, bus);
      this.buses.push(bus);
    }
    for (const device of site.devices) {
      const scbk = keys.get(device.id);
      if (device.secureChannel && !scbk) throw new Error(`no SCBK for ${device.id}`);
      const channel = busById.get(device.bus)!.addDevice({
        deviceId: device.id,
        address: device.address,
        secureChannel: device.secureChannel,
        installMode: device.installMode,
        ...(scbk && { scbk }),
        ...(device.pollIntervalMs !== undefined && { pollIntervalMs: device.pollIntervalMs }),
      });
      this.channels.set(device.id, channel);
      if (device.role === 'reader') this.readers.set(device.id, new OsdpReader(device.id, channel, clock, logger));
    }
    for (const door of site.doors) {
      const { module, strikeOutput, contactInput, rexInput } = door.io;
      const wiring = { strikeOutput, contactInput, ...(rexInput !== undefined && { rexInput }) };
      this.doorIos.set(door.id, new OsdpDoorIo(door.id, module, this.channels.get(module)!, wiring, logger));
    }
  }

  /** Devices listen first (nothing is missed), then the lines open and polling starts. */
  async start(): Promise<void> {
    this.readers.forEach((r) => r.start());
    this.doorIos.forEach((io) => io.start());
    await Promise.all(this.buses.map((bus) => bus.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.buses.map((bus) => bus.stop()));
    this.readers.forEach((r) => r.stop());
    this.doorIos.forEach((io) => io.stop());
  }
}
