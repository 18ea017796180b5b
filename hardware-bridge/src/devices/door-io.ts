import type { EventSource } from '../events/typed-emitter.js';
import type { SupervisionEvents } from './device-supervision.js';

export type ContactState = 'open' | 'closed';

/**
 * The door's wires, shaped after OSDP output/input control: the strike relay is an output pulsed with
 * OUT control code 5 (temporary ON, timer in 100 ms units, reverts by itself); the door contact and REX
 * button are inputs reported by ISTATR / input-status events.
 */
export interface DoorIoEvents extends SupervisionEvents {
  contact: ContactState;
  /** Request-to-exit button pressed. */
  rex: void;
  /** The I/O module failed (bus error, no reply, NAK): the door must go to its safe state. */
  fault: Error;
}

export interface DoorIo extends EventSource<DoorIoEvents> {
  readonly id: string;
  /**
   * `released: true` with `pulseMs` = a timed pulse that the I/O module ends on its own even if the bridge
   * dies; `released: false` = locked now.
   */
  setStrike(released: boolean, pulseMs?: number): Promise<void>;
  /** Strike locked (fail-secure), whatever state the outputs were in. */
  toSafeState(): Promise<void>;
}
