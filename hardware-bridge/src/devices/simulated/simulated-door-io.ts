import type { Clock, TimerHandle } from '../../clock/clock.js';
import { TypedEmitter } from '../../events/typed-emitter.js';
import type { DoorControls } from '../../simulation/sim-controls.js';
import type { ContactState, DoorIo, DoorIoEvents } from '../door-io.js';

export interface StrikeChange {
  atMs: number;
  released: boolean;
  pulseMs?: number;
  safeState?: boolean;
}

/**
 * Door I/O in software: a strike relay (with the module's own pulse timer, like OSDP OUT code 5) and a
 * contact input that the harness opens and closes.
 */
export class SimulatedDoorIo implements DoorIo, DoorControls {
  readonly history: StrikeChange[] = [];
  private readonly emitter = new TypedEmitter<DoorIoEvents>();
  private released = false;
  private contact: ContactState = 'closed';
  private pulseTimer: TimerHandle | undefined;
  private failures: Error[] = [];

  constructor(
    readonly id: string,
    private readonly clock: Clock,
  ) {}

  get strikeReleased(): boolean {
    return this.released;
  }

  get contactState(): ContactState {
    return this.contact;
  }

  on<K extends keyof DoorIoEvents>(event: K, listener: (value: DoorIoEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  async setStrike(released: boolean, pulseMs?: number): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.clock.clearTimeout(this.pulseTimer);
    this.pulseTimer = undefined;
    this.released = released;
    this.history.push({ atMs: this.clock.nowMs(), released, ...(pulseMs !== undefined && { pulseMs }) });
    if (released && pulseMs !== undefined) {
      // The module reverts on its own: a dead bridge cannot leave the door unlocked.
      this.pulseTimer = this.clock.setTimeout(() => {
        this.pulseTimer = undefined;
        this.released = false;
      }, pulseMs);
    }
  }

  async toSafeState(): Promise<void> {
    this.clock.clearTimeout(this.pulseTimer);
    this.pulseTimer = undefined;
    this.released = false;
    this.history.push({ atMs: this.clock.nowMs(), released: false, safeState: true });
  }

  /** The next `setStrike` call fails (bus error, NAK). */
  failNextSetStrike(error = new Error('simulated I/O error')): void {
    this.failures.push(error);
  }

  setContact(state: ContactState): void {
    this.contact = state;
    this.emitter.emit('contact', state);
  }

  pressRex(): void {
    this.emitter.emit('rex', undefined);
  }

  injectFault(error = new Error('simulated I/O fault')): void {
    this.emitter.emit('fault', error);
  }
}
