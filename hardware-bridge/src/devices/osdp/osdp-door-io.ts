import { CommandCode, OutputControlCode, ReplyCode, type OsdpReply } from '#osdp';
import { TypedEmitter } from '../../events/typed-emitter.js';
import { errorMessage, type Logger } from '../../logging/logger.js';
import type { OsdpPdChannel } from '../../protocol/osdp/osdp-pd-channel.js';
import type { ContactState, DoorIo, DoorIoEvents } from '../door-io.js';
import { OsdpSupervision } from './osdp-supervision.js';

/** Which points of the I/O module this door uses (site config). Inputs: 1 = active = door open / REX pressed. */
export interface DoorIoWiring {
  strikeOutput: number;
  contactInput: number;
  rexInput?: number;
}

export interface OsdpDoorIoOptions {
  /** How long an OUT may wait for its ACK (queue + retries). Default 2 s. */
  commandTimeoutMs?: number;
}

/**
 * A door's strike, contact and REX on an OSDP I/O module. The strike is pulsed with OUT control code 5
 * (temporary ON, timer in 100 ms units — the module reverts by itself even if the bridge dies; the `Door`
 * has already capped the pulse) and locked with code 1 (permanent OFF, abort any timed pulse). Contact and
 * REX come from ISTATR (reply to ISTAT, or a report on a POLL). Fail-secure: the strike is driven locked
 * whenever the module comes (back) online; a line failure or the module going offline is a `fault`, which
 * sends the door to its safe state.
 */
export class OsdpDoorIo implements DoorIo {
  private readonly emitter: TypedEmitter<DoorIoEvents>;
  private readonly supervision: OsdpSupervision;
  private readonly off: Array<() => void> = [];
  private readonly commandTimeoutMs: number;
  private contact: ContactState | undefined;
  private rexActive = false;

  constructor(
    /** The door this I/O serves. */
    readonly id: string,
    readonly ioModuleId: string,
    private readonly channel: OsdpPdChannel,
    private readonly wiring: DoorIoWiring,
    private readonly logger: Logger,
    options: OsdpDoorIoOptions = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    this.emitter = new TypedEmitter((error, event) => logger.error({ doorId: id, event, err: errorMessage(error) }, 'door I/O listener failed'));
    this.supervision = new OsdpSupervision(this.emitter);
  }

  get contactState(): ContactState | undefined {
    return this.contact;
  }

  on<K extends keyof DoorIoEvents>(event: K, listener: (value: DoorIoEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  start(): void {
    if (this.off.length > 0) return;
    this.off.push(
      ...this.supervision.attach(this.channel),
      this.channel.on('report', (reply) => this.onReport(reply)),
      this.channel.on('online', () => void this.onOnline()),
      this.channel.on('offline', ({ reason }) => this.emitter.emit('fault', new Error(`I/O module ${this.ioModuleId} offline (${reason})`))),
      this.channel.on('line-fault', (error) => this.emitter.emit('fault', new Error(`bus of I/O module ${this.ioModuleId} failed: ${error.message}`))),
    );
  }

  stop(): void {
    this.off.splice(0).forEach((off) => off());
  }

  async setStrike(released: boolean, pulseMs?: number): Promise<void> {
    const output = released
      ? { outputNo: this.wiring.strikeOutput, controlCode: OutputControlCode.TemporaryOn, timer100ms: Math.min(0xffff, Math.max(1, Math.ceil((pulseMs ?? 0) / 100))) }
      : { outputNo: this.wiring.strikeOutput, controlCode: OutputControlCode.PermanentOffAbortTimed, timer100ms: 0 };
    await this.channel.submit({ code: CommandCode.Out, outputs: [output] }, this.commandTimeoutMs);
  }

  toSafeState(): Promise<void> {
    return this.setStrike(false);
  }

  private async onOnline(): Promise<void> {
    // Whatever the module did while we could not see it: locked now, then learn the inputs and status.
    try {
      await this.toSafeState();
      this.onReport(await this.channel.submit({ code: CommandCode.Istat }, this.commandTimeoutMs));
      this.supervision.onStatusReply(await this.channel.submit({ code: CommandCode.Lstat }, this.commandTimeoutMs));
    } catch (error) {
      this.logger.warn({ doorId: this.id, ioModuleId: this.ioModuleId, err: errorMessage(error) }, 'door I/O module did not answer after coming online');
    }
  }

  private onReport(reply: OsdpReply): void {
    if (this.supervision.onStatusReply(reply) || reply.code !== ReplyCode.Istatr) return;
    const contactValue = reply.inputs[this.wiring.contactInput];
    if (contactValue !== undefined) {
      const contact: ContactState = contactValue !== 0 ? 'open' : 'closed';
      if (contact !== this.contact) {
        this.contact = contact;
        this.emitter.emit('contact', contact);
      }
    }
    if (this.wiring.rexInput !== undefined) {
      const rex = (reply.inputs[this.wiring.rexInput] ?? 0) !== 0;
      if (rex && !this.rexActive) this.emitter.emit('rex', undefined);
      this.rexActive = rex;
    }
  }
}
