import {
  createPdSession,
  reducePdSession,
  type OsdpCommand,
  type OsdpFrame,
  type OsdpReply,
  type PdSessionConfig,
  type PdSessionEvent,
  type PdSessionInput,
  type PdSessionState,
} from '#osdp';
import type { Clock } from '../../clock/clock.js';
import { TypedEmitter, type EventSource } from '../../events/typed-emitter.js';

/** The peripheral's own logic behind the OSDP responder: what a reader or I/O board does with commands. */
export interface PdApplication {
  /** Answers a command the responder passed up (LED, OUT, BIOMATCH, …). */
  onCommand(command: OsdpCommand): OsdpReply;
  /** Just before a frame from the line is handled: turn buffered input (keys) into reports. */
  beforeFrame?(): void;
  /** Power cycle: forget buffered input and timers. */
  reset?(): void;
}

export interface SimulatedPdEvents {
  'secure-channel': PdSessionEvent;
  /** A frame addressed to this PD was answered (for tests: the PD is alive and being polled). */
  answered: { code: number; atMs: number };
}

/**
 * A peripheral on the far end of the line: the pure `#osdp` PD responder plus an application. It can be
 * powered off (answers nothing, like an unplugged reader) and on again (a fresh session, as after a
 * reboot; it keeps its key).
 */
export class SimulatedPd implements EventSource<SimulatedPdEvents> {
  private state: PdSessionState;
  private powered = true;
  private app: PdApplication | undefined;
  private readonly emitter = new TypedEmitter<SimulatedPdEvents>();
  readonly stats = { answered: 0, lastAnsweredAtMs: 0 };

  constructor(
    readonly deviceId: string,
    private readonly config: PdSessionConfig,
    private readonly clock: Clock,
  ) {
    this.state = createPdSession(config);
  }

  get address(): number {
    return this.config.address;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Reports waiting for a POLL. */
  get queuedReports(): number {
    return this.state.queue.length;
  }

  get isSecure(): boolean {
    return this.state.secure !== undefined;
  }

  attach(app: PdApplication): void {
    this.app = app;
  }

  on<K extends keyof SimulatedPdEvents>(event: K, listener: (value: SimulatedPdEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** Queues a report (KEYPAD, RAW, ISTATR, LSTATR, BIOMATCHR) for the next POLL. */
  enqueue(reply: OsdpReply): void {
    this.apply({ type: 'enqueue', reply });
  }

  powerOff(): void {
    this.powered = false;
  }

  /** Back on: a new session (sequence, secure channel and report queue start over); the key stays. */
  powerOn(): void {
    if (this.powered) return;
    const scbk = this.state.scbk;
    this.state = createPdSession({ ...this.config, ...(scbk ? { scbk } : {}), installMode: this.state.installMode });
    this.app?.reset?.();
    this.powered = true;
  }

  /** A frame for this address: returns what to put on the line (nothing when powered off). */
  handle(frame: OsdpFrame, hadMark: boolean): Buffer[] {
    if (!this.powered) return [];
    this.app?.beforeFrame?.();
    const out = this.apply({ type: 'frame', frame, hadMark });
    if (out.length > 0) {
      this.stats.answered++;
      this.stats.lastAnsweredAtMs = this.clock.nowMs();
      this.emitter.emit('answered', { code: frame.code, atMs: this.stats.lastAnsweredAtMs });
    }
    return out;
  }

  private apply(input: PdSessionInput): Buffer[] {
    const { state, effects } = reducePdSession(this.state, input, this.clock.nowMs());
    this.state = state;
    const out: Buffer[] = [];
    for (const effect of effects) {
      if (effect.type === 'transmit') {
        out.push(effect.bytes);
      } else if (effect.type === 'event') {
        this.emitter.emit('secure-channel', effect.event);
      } else {
        const reply = this.app ? this.app.onCommand(effect.command) : ({ code: 0x40 } as OsdpReply);
        out.push(...this.apply({ type: 'respond', reply }));
      }
    }
    return out;
  }
}
