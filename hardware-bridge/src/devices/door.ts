import type { Clock, TimerHandle } from '../clock/clock.js';
import { TypedEmitter, type EventSource } from '../events/typed-emitter.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { ContactState, DoorIo } from './door-io.js';

/** Why the strike was released: the log links every door event back to its decision or command. */
export type UnlockCause =
  | { kind: 'grant'; attemptId: string; decisionId: string; readerId: string }
  | { kind: 'remote'; commandId: string };

export interface DoorEvents {
  unlocked: { pulseMs: number; cause: UnlockCause };
  relocked: { cause: UnlockCause; reason: 'pulse-ended' | 'safe-state' };
  /** `cause` = the unlock active when the door opened (none for a REX exit or a forced door). */
  opened: { cause?: UnlockCause; viaRex: boolean };
  closed: { cause?: UnlockCause };
  'forced-open': void;
  'held-open': { openForMs: number; cause?: UnlockCause };
  'exit-requested': void;
  fault: Error;
}

export interface DoorSettings {
  readonly id: string;
  readonly strike: { readonly pulseMs: number; readonly maxPulseMs: number };
  readonly heldOpenMs: number;
  readonly rexGraceMs: number;
}

/** OSDP OUT timers count in 100 ms units. */
const TIMER_UNIT_MS = 100;

/**
 * A door over its I/O: a strike that is released only for a capped pulse and relocks on its own, and a
 * supervisor for the contact (forced open, held open). Fail-secure: the strike is driven locked at start,
 * on stop, and on any I/O fault.
 */
export class Door implements EventSource<DoorEvents> {
  private readonly emitter: TypedEmitter<DoorEvents>;
  private readonly offIo: Array<() => void> = [];
  private released = false;
  private activeCause: UnlockCause | undefined;
  private relockTimer: TimerHandle | undefined;
  private heldTimer: TimerHandle | undefined;
  private contact: ContactState | 'unknown' = 'unknown';
  private openedAtMs = 0;
  private openCause: UnlockCause | undefined;
  private lastRexAtMs = Number.NEGATIVE_INFINITY;
  private running = false;

  constructor(
    readonly settings: DoorSettings,
    private readonly io: DoorIo,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.emitter = new TypedEmitter<DoorEvents>((error, event) =>
      this.logger.error({ doorId: settings.id, event, err: errorMessage(error) }, 'door event listener failed'),
    );
  }

  get id(): string {
    return this.settings.id;
  }

  get isReleased(): boolean {
    return this.released;
  }

  get contactState(): ContactState | 'unknown' {
    return this.contact;
  }

  on<K extends keyof DoorEvents>(event: K, listener: (value: DoorEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  async start(): Promise<void> {
    this.offIo.push(
      this.io.on('contact', (state) => this.onContact(state)),
      this.io.on('rex', () => this.onRex()),
      this.io.on('fault', (error) => void this.fail(error)),
    );
    this.running = true;
    await this.toSafeState();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.offIo.splice(0).forEach((off) => off());
    this.clock.clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    await this.toSafeState();
  }

  /** The pulse actually applied: rounded up to the OSDP timer unit, then capped at `maxPulseMs`. */
  capPulse(requestedMs: number): number {
    const units = Math.max(1, Math.ceil((Number.isFinite(requestedMs) ? requestedMs : 0) / TIMER_UNIT_MS));
    return Math.min(units * TIMER_UNIT_MS, this.settings.strike.maxPulseMs);
  }

  /** Releases the strike for at most `maxPulseMs`, whatever is asked; returns the pulse applied. */
  async unlock(requestedMs: number, cause: UnlockCause): Promise<number> {
    if (!this.running) throw new Error(`door ${this.id} is not running`);
    const pulseMs = this.capPulse(requestedMs);
    const previous = this.released ? this.activeCause : undefined;
    this.clock.clearTimeout(this.relockTimer);
    // Released before the await: a contact opening while the command is on the wire is not "forced".
    this.released = true;
    this.activeCause = cause;
    this.relockTimer = this.clock.setTimeout(() => void this.relock(), pulseMs);
    try {
      await this.io.setStrike(true, pulseMs);
    } catch (error) {
      // This unlock never happened; only an earlier, reported one may still need its "relocked".
      this.activeCause = previous;
      this.released = previous !== undefined;
      await this.fail(error);
      throw error;
    }
    this.emitter.emit('unlocked', { pulseMs, cause });
    return pulseMs;
  }

  /**
   * Strike locked now, cancelling any pulse. Never throws: the safe state is attempted and a failure is
   * reported as a fault (there is nothing safer to fall back to).
   */
  async toSafeState(): Promise<void> {
    this.clock.clearTimeout(this.relockTimer);
    this.relockTimer = undefined;
    const cause = this.takeActiveCause();
    try {
      await this.io.toSafeState();
    } catch (error) {
      this.logger.error({ doorId: this.id, err: errorMessage(error) }, 'door I/O could not reach the safe state');
      this.emitter.emit('fault', asError(error));
    }
    if (cause) this.emitter.emit('relocked', { cause, reason: 'safe-state' });
  }

  private async relock(): Promise<void> {
    this.relockTimer = undefined;
    const cause = this.takeActiveCause();
    try {
      await this.io.setStrike(false);
    } catch (error) {
      await this.fail(error);
      return;
    }
    if (cause) this.emitter.emit('relocked', { cause, reason: 'pulse-ended' });
  }

  private async fail(error: unknown): Promise<void> {
    this.logger.error({ doorId: this.id, err: errorMessage(error) }, 'door I/O fault; going to the safe state');
    this.emitter.emit('fault', asError(error));
    await this.toSafeState();
  }

  private takeActiveCause(): UnlockCause | undefined {
    const cause = this.released ? this.activeCause : undefined;
    this.released = false;
    this.activeCause = undefined;
    return cause;
  }

  private onContact(state: ContactState): void {
    const previous = this.contact;
    if (state === previous) return;
    this.contact = state;
    if (state === 'open') {
      this.onOpened();
    } else if (previous === 'open') {
      this.clock.clearTimeout(this.heldTimer);
      this.heldTimer = undefined;
      this.emitter.emit('closed', { cause: this.openCause });
      this.openCause = undefined;
    }
  }

  private onOpened(): void {
    const now = this.clock.nowMs();
    this.openedAtMs = now;
    this.openCause = this.released ? this.activeCause : undefined;
    const viaRex = !this.released && now - this.lastRexAtMs <= this.settings.rexGraceMs;
    this.emitter.emit('opened', { cause: this.openCause, viaRex });
    // Locked, and nobody pressed the exit button: someone forced it.
    if (!this.released && !viaRex) this.emitter.emit('forced-open', undefined);
    this.clock.clearTimeout(this.heldTimer);
    this.heldTimer = this.clock.setTimeout(() => this.onHeldOpen(), this.settings.heldOpenMs);
  }

  private onHeldOpen(): void {
    this.heldTimer = undefined;
    if (this.contact !== 'open') return;
    const openForMs = this.clock.nowMs() - this.openedAtMs;
    this.emitter.emit('held-open', { openForMs, cause: this.openCause });
  }

  private onRex(): void {
    this.lastRexAtMs = this.clock.nowMs();
    this.emitter.emit('exit-requested', undefined);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
