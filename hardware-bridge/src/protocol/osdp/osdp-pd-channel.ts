import {
  CommandCode,
  createCpSession,
  reduceCpSession,
  type CpSessionEvent,
  type CpSessionInput,
  type CpSessionState,
  type OsdpCommand,
  type OsdpFrame,
  type OsdpReply,
  type PdCapReply,
  type PdIdReply,
} from '#osdp';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { TypedEmitter, type EventSource } from '../../events/typed-emitter.js';
import { errorMessage, type Logger } from '../../logging/logger.js';
import { OsdpCommandError } from './osdp-command-error.js';
import { nextTurnAtMs, pollSlackMs, replyDeadlineMs } from './pd-schedule.js';

export interface PdChannelConfig {
  /** Config id of the reader or I/O module (logs, events). */
  deviceId: string;
  address: number;
  /** Default true; plaintext only when the site config says so for this device. */
  secureChannel: boolean;
  /** The device's own SCBK (required with the secure channel). */
  scbk?: Buffer;
  installMode: boolean;
  pollIntervalMs: number;
  replyTimeoutMs: number;
  offlineTimeoutMs?: number;
  /** After the second missed reply in a row, retry this PD no more often than this (the line is shared). */
  unresponsiveRetryMs?: number;
  randomBytes: (size: number) => Buffer;
}

export type SecureChannelDownReason = Extract<CpSessionEvent, { kind: 'secure-channel-down' }>['reason'];

export interface PdChannelEvents {
  online: { secure: boolean; pdId?: PdIdReply; pdCap?: PdCapReply };
  offline: { reason: string };
  'secure-channel-up': { defaultKey: boolean };
  'secure-channel-down': { reason: SecureChannelDownReason };
  'secure-channel-failed': { defaultKey: boolean; detail: string };
  /** A POLL answered with something other than ACK: KEYPAD, RAW, LSTATR, ISTATR, BIOMATCHR, … */
  report: OsdpReply;
  /** The serial line itself failed (not this device): outputs must go to their safe state. */
  'line-fault': Error;
}

interface PendingCommand {
  readonly tag: string;
  readonly command: OsdpCommand;
  readonly resolve: (reply: OsdpReply) => void;
  readonly reject: (error: OsdpCommandError) => void;
  timer?: TimerHandle;
}

/** What one bus turn did on the line. */
export interface TurnResult {
  /** Bytes went out: the line is this PD's until the reply or the reply timeout. */
  transmitted: boolean;
  /** A frame from this PD was discarded as a late answer to an earlier try: keep waiting. */
  ignored: boolean;
}

const DEFAULT_UNRESPONSIVE_RETRY_MS = 1_000;
const NOTHING: TurnResult = { transmitted: false, ignored: false };

/**
 * One PD on a bus: drives its `#osdp` CP session (ID → CAP → Secure Channel → online → POLL) and executes
 * the session's effects. It never touches the line by itself: the bus gives it turns (`turn`, `deliver`,
 * `lineError`) so that exactly one command is outstanding on the line. Application commands wait in this
 * channel's queue and are fed to the session one per turn.
 */
export class OsdpPdChannel implements EventSource<PdChannelEvents> {
  private state: CpSessionState;
  private readonly queue: PendingCommand[] = [];
  private active: PendingCommand | undefined;
  private readonly emitter: TypedEmitter<PdChannelEvents>;
  private nextTag = 1;
  private missedReplies = 0;
  private slowRetryAtMs = Number.NEGATIVE_INFINITY;
  private stopped = false;
  /** Statistics for the bench and `bridge status`. */
  readonly stats = { commandsSent: 0, polls: 0, validReplies: 0, missedReplies: 0, lastPollAtMs: 0, maxPollGapMs: 0 };

  constructor(
    readonly busId: string,
    readonly config: Readonly<PdChannelConfig>,
    private readonly transmit: (bytes: Buffer, channel: OsdpPdChannel) => void,
    /** Asks the bus to reconsider its schedule (a command was queued). */
    private readonly wake: () => void,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.emitter = new TypedEmitter((error, event) =>
      logger.error({ busId, deviceId: config.deviceId, event, err: errorMessage(error) }, 'OSDP channel listener failed'),
    );
    this.state = createCpSession(
      {
        address: config.address,
        secureChannel: config.secureChannel,
        ...(config.scbk ? { scbk: config.scbk } : {}),
        installMode: config.installMode,
        randomBytes: config.randomBytes,
        pollIntervalMs: config.pollIntervalMs - pollSlackMs(config.pollIntervalMs),
        replyTimeoutMs: config.replyTimeoutMs,
        ...(config.offlineTimeoutMs ? { offlineTimeoutMs: config.offlineTimeoutMs } : {}),
      },
      clock.nowMs(),
    );
  }

  get deviceId(): string {
    return this.config.deviceId;
  }

  get address(): number {
    return this.config.address;
  }

  get isOnline(): boolean {
    return this.state.online;
  }

  get isSecure(): boolean {
    return this.state.secure !== undefined;
  }

  get hasInFlight(): boolean {
    return this.state.inFlight !== undefined;
  }

  /** When the command in flight times out (clock ms); Infinity when nothing is in flight. */
  get replyDeadlineMs(): number {
    return replyDeadlineMs(this.state);
  }

  /** The PD's capabilities as it reported them (PDCAP), once probed. */
  get capabilities(): PdCapReply | undefined {
    return this.state.pdCap;
  }

  on<K extends keyof PdChannelEvents>(event: K, listener: (value: PdChannelEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /**
   * Queues a command for this PD; resolves with its reply (ACK, OSTATR, BIOMATCHR, …). Rejects with
   * `OsdpCommandError` on NAK, offline, lost secure channel or after `timeoutMs`.
   */
  submit(command: OsdpCommand, timeoutMs: number): Promise<OsdpReply> {
    return new Promise((resolve, reject) => {
      if (this.stopped || this.state.phase === 'offline') {
        reject(new OsdpCommandError(this.stopped ? 'stopped' : 'offline', this.deviceId, command.code));
        return;
      }
      const pending: PendingCommand = { tag: `${this.config.address}:${this.nextTag++}`, command, resolve, reject };
      pending.timer = this.clock.setTimeout(() => this.settle(pending, new OsdpCommandError('timeout', this.deviceId, command.code)), timeoutMs);
      this.queue.push(pending);
      this.wake();
    });
  }

  /** When this PD must have the line (ms, clock time): the bus sleeps until the earliest of these. */
  dueAtMs(): number {
    return nextTurnAtMs(this.state, this.config.pollIntervalMs, this.slowRetryAtMs, this.queue.length > 0);
  }

  /** From when this PD may have the line: a POLL may go out `pollSlackMs` early when the bus is awake anyway. */
  eligibleAtMs(): number {
    return nextTurnAtMs(this.state, this.state.config.pollIntervalMs, this.slowRetryAtMs, this.queue.length > 0);
  }

  /** The bus gives this PD the line: one application command if one waits and the PD is ready, else a tick. */
  turn(): TurnResult {
    const s = this.state;
    if (s.phase === 'online' && !s.inFlight && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.active = next;
      return this.apply({ type: 'send', command: next.command, tag: next.tag });
    }
    return this.apply({ type: 'tick' });
  }

  /** A frame from this PD's address arrived while it held the line. */
  deliver(frame: OsdpFrame): TurnResult {
    return this.apply({ type: 'reply', frame });
  }

  /** A damaged frame arrived while this PD held the line. */
  lineError(): TurnResult {
    return this.apply({ type: 'line-error' });
  }

  /** The reply timeout passed with the line in this PD's hands: it yields the line to the others. */
  replyTimedOut(): void {
    this.missedReplies++;
    this.stats.missedReplies++;
    if (this.missedReplies >= 2) {
      this.slowRetryAtMs = this.clock.nowMs() + (this.config.unresponsiveRetryMs ?? DEFAULT_UNRESPONSIVE_RETRY_MS);
    }
  }

  /** The serial line failed: tell the devices on it (door outputs go to their safe state). */
  lineFault(error: Error): void {
    this.emitter.emit('line-fault', error);
  }

  /** Fails everything pending; the session is left as is (the bus is going away). */
  stop(): void {
    this.stopped = true;
    for (const pending of [...this.queue, ...(this.active ? [this.active] : [])]) {
      this.settle(pending, new OsdpCommandError('stopped', this.deviceId, pending.command.code));
    }
  }

  private apply(input: CpSessionInput): TurnResult {
    const now = this.clock.nowMs();
    const before = this.state.lastValidReplyAtMs;
    const { state, effects } = reduceCpSession(this.state, input, now);
    this.state = state;
    if (state.lastValidReplyAtMs !== before) {
      this.missedReplies = 0;
      this.slowRetryAtMs = Number.NEGATIVE_INFINITY;
      this.stats.validReplies++;
    }
    let transmitted = false;
    let ignored = false;
    for (const effect of effects) {
      if (effect.type === 'transmit') {
        transmitted = true;
        this.countSent();
        this.transmit(effect.bytes, this);
      } else {
        if (effect.event.kind === 'reply-ignored' && effect.event.reason === 'sequence') ignored = true;
        this.onSessionEvent(effect.event);
      }
    }
    return transmitted || ignored ? { transmitted, ignored } : NOTHING;
  }

  private countSent(): void {
    this.stats.commandsSent++;
    if (this.state.inFlight?.command.code === CommandCode.Poll) {
      const now = this.clock.nowMs();
      if (this.stats.lastPollAtMs > 0) this.stats.maxPollGapMs = Math.max(this.stats.maxPollGapMs, now - this.stats.lastPollAtMs);
      this.stats.lastPollAtMs = now;
      this.stats.polls++;
    }
  }

  private onSessionEvent(event: CpSessionEvent): void {
    const log = { busId: this.busId, deviceId: this.deviceId, address: this.address };
    switch (event.kind) {
      case 'online':
        this.logger.info({ ...log, secure: event.secure }, 'OSDP device online');
        this.emitter.emit('online', { secure: event.secure, ...(event.pdId && { pdId: event.pdId }), ...(event.pdCap && { pdCap: event.pdCap }) });
        return;
      case 'offline':
        this.logger.warn({ ...log, reason: event.reason }, 'OSDP device offline');
        for (const pending of this.queue.splice(0)) this.settle(pending, new OsdpCommandError('offline', this.deviceId, pending.command.code));
        this.emitter.emit('offline', { reason: event.reason });
        return;
      case 'secure-channel-up':
        this.emitter.emit('secure-channel-up', { defaultKey: event.defaultKey });
        return;
      case 'secure-channel-down':
        this.emitter.emit('secure-channel-down', { reason: event.reason });
        return;
      case 'secure-channel-failed':
        // Never the key, never the cryptogram: the detail is a fixed phrase from the reducer.
        this.logger.warn({ ...log, defaultKey: event.defaultKey, detail: event.detail }, 'OSDP secure channel handshake failed');
        this.emitter.emit('secure-channel-failed', { defaultKey: event.defaultKey, detail: event.detail });
        return;
      case 'scbk-installed':
        this.logger.info(log, 'OSDP device took its own SCBK (install mode)');
        return;
      case 'reply-received':
        if (event.tag !== undefined) {
          if (this.active?.tag === event.tag) this.settle(this.active, event.reply);
        } else if (event.inResponseTo === CommandCode.Poll) {
          this.emitter.emit('report', event.reply);
        }
        return;
      case 'command-failed': {
        const pending = this.active?.tag === event.tag ? this.active : undefined;
        if (pending) this.settle(pending, new OsdpCommandError(event.reason, this.deviceId, event.command.code, event.nak));
        return;
      }
      case 'reply-invalid':
        this.logger.warn({ ...log, inResponseTo: event.inResponseTo, kind: event.error.kind }, 'OSDP reply could not be decoded');
        return;
      case 'reply-ignored':
        this.logger.debug({ ...log, reason: event.reason }, 'OSDP reply ignored');
        return;
    }
  }

  private settle(pending: PendingCommand, outcome: OsdpReply | OsdpCommandError): void {
    this.clock.clearTimeout(pending.timer);
    if (this.active === pending) this.active = undefined;
    const index = this.queue.indexOf(pending);
    if (index >= 0) this.queue.splice(index, 1);
    if (outcome instanceof OsdpCommandError) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
