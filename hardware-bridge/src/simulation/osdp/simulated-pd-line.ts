import { randomBytes } from 'node:crypto';
import { BROADCAST_ADDRESS, type OsdpFrame } from '#osdp';
import type { Clock } from '../../clock/clock.js';
import { errorMessage, type Logger } from '../../logging/logger.js';
import { OsdpLineReader } from '../../protocol/osdp/osdp-line-reader.js';
import { NO_TRACE } from '../../protocol/osdp/packet-trace.js';
import { lineTimeMs, type Transport } from '../../transport/transport.js';
import type { SimulatedPd } from './simulated-pd.js';

export interface SimulatedPdLineOptions {
  baudRate: number;
  /**
   * Model the wire: a reply leaves only after the command and the reply would have taken on a real line at
   * `baudRate`, plus the PD's turnaround. A pty or the loopback move bytes instantly; without this a
   * simulated bus would look faster than copper. Default true.
   */
  wireTime?: boolean;
  /** PD processing time before it answers (spec: "should be less than 3 ms"). Default 1 ms. */
  turnaroundMs?: number;
}

/**
 * The peripherals' side of one serial line: several simulated PDs (multi-drop) behind one transport, each
 * answering only its own address. Also the place to hurt the line in tests: noise and damaged replies.
 */
export class SimulatedPdLine {
  private readonly pds = new Map<number, SimulatedPd>();
  private readonly reader: OsdpLineReader;
  private readonly off: Array<() => void> = [];
  private damageNext = 0;
  private running = false;
  readonly stats = { received: 0, answered: 0, damagedOnPurpose: 0 };

  constructor(
    readonly id: string,
    private readonly transport: Transport,
    private readonly options: SimulatedPdLineOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.reader = new OsdpLineReader({ frame: (frame, hadMark, raw) => this.onFrame(frame, hadMark, raw), damaged: () => undefined }, clock, NO_TRACE);
  }

  attach(pd: SimulatedPd): void {
    if (this.pds.has(pd.address)) throw new Error(`line ${this.id}: two simulated devices at address ${pd.address}`);
    this.pds.set(pd.address, pd);
  }

  get devices(): SimulatedPd[] {
    return [...this.pds.values()];
  }

  async start(): Promise<void> {
    this.off.push(this.transport.onData((chunk) => this.reader.push(chunk)));
    await this.transport.open();
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reader.stop();
    this.off.splice(0).forEach((off) => off());
    await this.transport.close().catch(() => undefined);
  }

  /** Random bytes onto the line towards the control panel (EMI, a chattering device). */
  async injectNoise(length: number, bytes: Buffer = randomBytes(length)): Promise<void> {
    if (this.running) await this.transport.write(bytes);
  }

  /** The next `count` replies get one byte flipped on the wire (the CRC catches it). */
  damageNextReplies(count: number): void {
    this.damageNext += count;
  }

  private onFrame(frame: OsdpFrame, hadMark: boolean, raw: Buffer): void {
    if (frame.isReply) return;
    this.stats.received++;
    const targets = frame.address === BROADCAST_ADDRESS ? [...this.pds.values()] : [this.pds.get(frame.address)].filter((p) => p !== undefined);
    for (const pd of targets) {
      for (const reply of pd.handle(frame, hadMark)) this.send(reply, raw.length + (hadMark ? 1 : 0));
    }
  }

  private send(reply: Buffer, commandLength: number): void {
    let bytes = reply;
    if (this.damageNext > 0) {
      this.damageNext--;
      this.stats.damagedOnPurpose++;
      bytes = Buffer.from(reply);
      bytes[bytes.length - 3] ^= 0x5a;
    }
    const write = (): void => {
      if (!this.running) return;
      this.stats.answered++;
      this.transport.write(bytes).catch((error: unknown) => this.logger.debug({ line: this.id, err: errorMessage(error) }, 'simulated PD write failed'));
    };
    const { wireTime = true, turnaroundMs = 1, baudRate } = this.options;
    // Node timers have 1 ms steps (a fraction is dropped) and fire a little late: on average about the wire time.
    const delay = wireTime ? lineTimeMs(commandLength + bytes.length, baudRate) + turnaroundMs : 0;
    if (delay < 1) write();
    else this.clock.setTimeout(write, delay);
  }
}
