import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { REPLY_ADDRESS_FLAG, type OsdpFrame } from '#osdp';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { errorMessage, type Logger } from '../../logging/logger.js';
import { lineTimeMs, type Transport } from '../../transport/transport.js';
import { OsdpLineReader } from './osdp-line-reader.js';
import { OsdpPdChannel, type PdChannelConfig } from './osdp-pd-channel.js';
import { NO_TRACE, type PacketTrace } from './packet-trace.js';

export interface OsdpBusOptions {
  id: string;
  transport: Transport;
  baudRate: number;
  /** Default poll interval for the devices on this bus. */
  pollIntervalMs: number;
  clock: Clock;
  logger: Logger;
  trace?: PacketTrace;
  randomBytes?: (size: number) => Buffer;
  /** First delay before reopening a failed line; doubles up to 30 s. */
  reopenDelayMs?: number;
  interCharacterTimeoutMs?: number;
}

export type OsdpDeviceOptions = Pick<PdChannelConfig, 'deviceId' | 'address' | 'secureChannel' | 'scbk' | 'installMode'> &
  Partial<Pick<PdChannelConfig, 'pollIntervalMs' | 'offlineTimeoutMs' | 'unresponsiveRetryMs'>>;

/** Spec reply deadline (docs/osdp.md §A2); the bus adds the line time of a long command and its reply. */
const SPEC_REPLY_TIMEOUT_MS = 200;
const LONG_EXCHANGE_BYTES = 2 * 128;
const MAX_REOPEN_DELAY_MS = 30_000;
/** Damage that means "the reply to the command in flight was hit on the wire": ask again at once. */
const REPLY_DAMAGE = new Set(['bad-crc', 'bad-checksum', 'bad-security-block']);

/**
 * One RS-485 line with many PDs by address, as the control panel sees it. Exactly one command is
 * outstanding on the line at a time: a PD that transmitted holds the line until its reply (or the reply
 * timeout); then the next due PD gets a turn, round-robin, so a PD with a queue of commands or one that has
 * stopped answering cannot starve the others. Each PD is polled at its interval as far as the line allows.
 * A failed line (port error, adapter unplugged) is reported to every device (door outputs go to their safe
 * state) and reopened with back-off. Buses share nothing: several run side by side in one bridge.
 */
export class OsdpBus {
  private readonly channels: OsdpPdChannel[] = [];
  private readonly reader: OsdpLineReader;
  private readonly trace: PacketTrace;
  private readonly replyTimeoutMs: number;
  private readonly off: Array<() => void> = [];
  private owner: OsdpPdChannel | undefined;
  private ownerTimer: TimerHandle | undefined;
  private ownerDeadlineMs = 0;
  private watchdogAtMs = 0;
  private sleepTimer: TimerHandle | undefined;
  private reopenTimer: TimerHandle | undefined;
  private reopenDelayMs: number;
  private cursor = -1;
  private running = false;
  private lineUp = false;
  private inside = false;
  private again = false;
  readonly stats = { txFrames: 0, txBytes: 0, strayFrames: 0, lineFailures: 0, writeErrors: 0 };

  constructor(private readonly options: OsdpBusOptions) {
    this.trace = options.trace ?? NO_TRACE;
    this.replyTimeoutMs = SPEC_REPLY_TIMEOUT_MS + Math.ceil(lineTimeMs(LONG_EXCHANGE_BYTES, options.baudRate));
    this.reopenDelayMs = options.reopenDelayMs ?? 1_000;
    this.reader = new OsdpLineReader(
      { frame: (frame) => this.onFrame(frame), damaged: (kind, raw) => this.onDamaged(kind, raw) },
      options.clock,
      this.trace,
      options.interCharacterTimeoutMs,
    );
  }

  get id(): string {
    return this.options.id;
  }

  get devices(): readonly OsdpPdChannel[] {
    return this.channels;
  }

  get isLineUp(): boolean {
    return this.lineUp;
  }

  get lineStats(): Readonly<OsdpLineReader['stats']> {
    return this.reader.stats;
  }

  /** Adds a PD before `start()`. */
  addDevice(device: OsdpDeviceOptions): OsdpPdChannel {
    if (this.running) throw new Error(`bus ${this.id}: add devices before start()`);
    if (this.channels.some((c) => c.address === device.address)) throw new Error(`bus ${this.id}: address ${device.address} is taken`);
    const channel = new OsdpPdChannel(
      this.id,
      {
        pollIntervalMs: this.options.pollIntervalMs,
        replyTimeoutMs: this.replyTimeoutMs,
        randomBytes: this.options.randomBytes ?? cryptoRandomBytes,
        ...device,
      },
      (bytes) => this.transmit(bytes),
      () => this.wake(),
      this.options.clock,
      this.options.logger,
    );
    this.channels.push(channel);
    return channel;
  }

  /** Opens the line and starts polling. A line that cannot be opened is retried; start() still resolves. */
  async start(): Promise<void> {
    const { transport, logger } = this.options;
    this.off.push(
      transport.onData((chunk) => this.reader.push(chunk)),
      transport.onError((error) => this.lineFailed(error)),
      transport.onClose((error) => this.lineFailed(error ?? new Error('line closed'))),
    );
    this.running = true;
    try {
      await transport.open();
      this.lineUp = true;
      logger.info({ busId: this.id, line: transport.description, devices: this.channels.length, replyTimeoutMs: this.replyTimeoutMs }, 'OSDP bus open');
    } catch (error) {
      this.lineFailed(error instanceof Error ? error : new Error(String(error)));
    }
    this.enter(() => this.runTurns());
  }

  /** Stops polling, fails pending commands, closes the line and the trace. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const { clock } = this.options;
    for (const timer of [this.ownerTimer, this.sleepTimer, this.reopenTimer]) clock.clearTimeout(timer);
    this.owner = undefined;
    this.reader.stop();
    this.channels.forEach((c) => c.stop());
    this.off.splice(0).forEach((off) => off());
    this.lineUp = false;
    await this.options.transport.close().catch(() => undefined);
    await this.trace.close();
  }

  private wake(): void {
    if (this.inside) this.again = true;
    else this.enter(() => this.runTurns());
  }

  /** Device listeners may queue commands while the bus is mid-turn: those wait for the next turn. */
  private enter(work: () => void): void {
    this.inside = true;
    try {
      work();
      while (this.again && !this.owner && this.running) {
        this.again = false;
        this.runTurns();
      }
    } finally {
      this.inside = false;
      this.again = false;
    }
  }

  /** Gives the line to the next due PD after the last one served; sleeps until one is due. */
  private runTurns(): void {
    if (!this.running || this.owner) return;
    const { clock } = this.options;
    clock.clearTimeout(this.sleepTimer);
    this.sleepTimer = undefined;
    const now = clock.nowMs();
    const count = this.channels.length;
    for (let step = 1; step <= count; step++) {
      const index = (this.cursor + step) % count;
      const channel = this.channels[index]!;
      if (channel.eligibleAtMs() > now) continue;
      this.cursor = index;
      if (channel.turn().transmitted) {
        this.hold(channel);
        return;
      }
    }
    this.sleepUntilDue();
  }

  private sleepUntilDue(): void {
    const { clock } = this.options;
    const next = Math.min(...this.channels.map((c) => c.dueAtMs()));
    if (!Number.isFinite(next)) return;
    const delay = Math.max(1, Math.ceil(next - clock.nowMs()));
    this.sleepTimer = clock.setTimeout(() => {
      this.sleepTimer = undefined;
      this.enter(() => this.runTurns());
    }, delay);
  }

  /** `channel` transmitted: the line is its own until the reply or the reply deadline. */
  private hold(channel: OsdpPdChannel): void {
    this.owner = channel;
    this.ownerDeadlineMs = channel.replyDeadlineMs;
    this.armWatchdog(this.ownerDeadlineMs);
  }

  private release(): void {
    this.owner = undefined;
  }

  /**
   * One reply-deadline timer for the whole bus, moved only when a deadline comes earlier than the one it is
   * set for. Replies normally arrive within milliseconds, so re-arming a timer per command would cost more
   * than the exchange itself on a busy line; when the timer fires for a deadline that has moved on, it is
   * set again for the current one.
   */
  private armWatchdog(deadlineMs: number): void {
    const { clock } = this.options;
    if (this.ownerTimer !== undefined && this.watchdogAtMs <= deadlineMs) return;
    clock.clearTimeout(this.ownerTimer);
    this.watchdogAtMs = deadlineMs;
    this.ownerTimer = clock.setTimeout(() => this.enter(() => this.onWatchdog()), Math.max(1, Math.ceil(deadlineMs - clock.nowMs())));
  }

  private onWatchdog(): void {
    this.ownerTimer = undefined;
    const owner = this.owner;
    if (!owner || !this.running) return;
    if (this.options.clock.nowMs() < this.ownerDeadlineMs) return this.armWatchdog(this.ownerDeadlineMs);
    this.release();
    owner.replyTimedOut();
    this.runTurns();
  }

  private onFrame(frame: OsdpFrame): void {
    const owner = this.owner;
    if (!owner || !frame.isReply || frame.address !== owner.address) {
      // A late reply after its timeout, another CP, or a PD answering out of turn: never acted upon,
      // so the line keeps exactly one command outstanding. The PD resends its reply when asked again.
      this.stats.strayFrames++;
      return;
    }
    this.enter(() => this.afterOwnerInput(owner, owner.deliver(frame)));
  }

  private onDamaged(kind: string, raw: Buffer): void {
    const owner = this.owner;
    if (!owner || !REPLY_DAMAGE.has(kind) || raw[1] !== (owner.address | REPLY_ADDRESS_FLAG)) return;
    this.enter(() => this.afterOwnerInput(owner, owner.lineError()));
  }

  private afterOwnerInput(owner: OsdpPdChannel, result: { transmitted: boolean; ignored: boolean }): void {
    if (this.owner !== owner) return;
    if (result.transmitted) return this.hold(owner); // the next handshake step, or a repeat after damage
    if (result.ignored) return; // a late answer to an earlier try; the real one may still come
    this.release();
    this.runTurns();
  }

  private transmit(bytes: Buffer): void {
    const { transport, logger } = this.options;
    this.trace.record('TX', bytes);
    this.stats.txFrames++;
    this.stats.txBytes += bytes.length;
    // A dead line looks like a silent one to the sessions: they retry and go offline after 8 s.
    if (!this.lineUp) return;
    transport.write(bytes).catch((error: unknown) => {
      if (this.stats.writeErrors++ === 0) logger.warn({ busId: this.id, err: errorMessage(error) }, 'OSDP bus write failed');
    });
  }

  private lineFailed(error: Error): void {
    if (!this.running) return;
    const { logger, clock } = this.options;
    if (this.lineUp || this.stats.lineFailures === 0) {
      this.stats.lineFailures++;
      logger.error({ busId: this.id, line: this.options.transport.description, err: errorMessage(error) }, 'OSDP line failed; door outputs to their safe state');
      for (const channel of this.channels) channel.lineFault(error);
    }
    this.lineUp = false;
    if (this.reopenTimer) return;
    this.reopenTimer = clock.setTimeout(() => void this.reopen(), this.reopenDelayMs);
  }

  private async reopen(): Promise<void> {
    this.reopenTimer = undefined;
    if (!this.running) return;
    const { transport, logger } = this.options;
    try {
      await transport.close().catch(() => undefined);
      await transport.open();
      if (!this.running) return;
      this.lineUp = true;
      this.reopenDelayMs = this.options.reopenDelayMs ?? 1_000;
      logger.info({ busId: this.id, line: transport.description }, 'OSDP line reopened');
    } catch (error) {
      this.reopenDelayMs = Math.min(this.reopenDelayMs * 2, MAX_REOPEN_DELAY_MS);
      this.lineFailed(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
