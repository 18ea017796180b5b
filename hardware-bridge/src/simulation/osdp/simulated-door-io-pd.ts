import { CommandCode, NakCode, OutputControlCode, ReplyCode, type OsdpCommand, type OsdpReply } from '#osdp';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { ContactState } from '../../devices/door-io.js';
import { TypedEmitter, type EventSource } from '../../events/typed-emitter.js';
import type { DoorControls } from '../sim-controls.js';
import type { PdApplication, SimulatedPd } from './simulated-pd.js';
import { SIMULATED_IO_POINTS } from './simulated-pd-config.js';

export interface DoorIoPdWiring {
  strikeOutput: number;
  contactInput: number;
  rexInput?: number;
}

export interface SimulatedDoorIoEvents {
  output: { output: number; on: boolean; pulseMs?: number };
}

const ACK: OsdpReply = { code: ReplyCode.Ack };
/** A REX button is held about this long. */
const REX_PRESS_MS = 200;

/**
 * A door I/O board on the far end of the line: relay outputs (a strike on one of them) that honour OUT
 * control codes with the board's own timers — a pulse ends even if the bridge dies — and inputs (door
 * contact, REX) whose changes go out as ISTATR reports on the next POLL. One board may serve several doors;
 * `door(wiring)` gives the simulated person one door's strike, contact and REX.
 */
export class SimulatedDoorIoPd implements PdApplication, EventSource<SimulatedDoorIoEvents> {
  private readonly outputs = new Array<number>(SIMULATED_IO_POINTS).fill(0);
  private readonly inputs = new Array<number>(SIMULATED_IO_POINTS).fill(0);
  private readonly timers = new Array<TimerHandle | undefined>(SIMULATED_IO_POINTS).fill(undefined);
  private readonly emitter = new TypedEmitter<SimulatedDoorIoEvents>();
  /** Every output change, for tests. */
  readonly history: Array<{ atMs: number; output: number; on: boolean; pulseMs?: number }> = [];

  constructor(
    readonly pd: SimulatedPd,
    private readonly clock: Clock,
  ) {
    pd.attach(this);
  }

  get deviceId(): string {
    return this.pd.deviceId;
  }

  on<K extends keyof SimulatedDoorIoEvents>(event: K, listener: (value: SimulatedDoorIoEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  isOn(output: number): boolean {
    return this.outputs[output] === 1;
  }

  /** One door's points on this board, as the simulated person meets them. */
  door(wiring: DoorIoPdWiring): DoorControls {
    const board = this;
    return {
      get strikeReleased() {
        return board.isOn(wiring.strikeOutput);
      },
      setContact: (state: ContactState) => this.setInput(wiring.contactInput, state === 'open' ? 1 : 0),
      pressRex: () => {
        const rex = wiring.rexInput;
        if (rex === undefined) return;
        this.setInput(rex, 1);
        this.clock.setTimeout(() => this.setInput(rex, 0), REX_PRESS_MS);
      },
    };
  }

  reset(): void {
    // A reboot drops the relays (the board's safe state) and its timers.
    for (let i = 0; i < SIMULATED_IO_POINTS; i++) this.drive(i, 0);
  }

  onCommand(command: OsdpCommand): OsdpReply {
    switch (command.code) {
      case CommandCode.Out:
        if (command.outputs.some((o) => o.outputNo >= SIMULATED_IO_POINTS)) return { code: ReplyCode.Nak, nakCode: NakCode.UnableToProcess, extra: Buffer.alloc(0) };
        for (const o of command.outputs) this.control(o.outputNo, o.controlCode, o.timer100ms);
        return ACK;
      case CommandCode.Istat:
        return { code: ReplyCode.Istatr, inputs: [...this.inputs] };
      case CommandCode.Ostat:
        return { code: ReplyCode.Ostatr, outputs: [...this.outputs] };
      case CommandCode.Lstat:
        return { code: ReplyCode.Lstatr, tamper: 0, power: 0 };
      default:
        return { code: ReplyCode.Nak, nakCode: NakCode.UnknownCommand, extra: Buffer.alloc(0) };
    }
  }

  private control(output: number, code: number, timer100ms: number): void {
    switch (code) {
      case OutputControlCode.PermanentOffAbortTimed:
      case OutputControlCode.PermanentOffAllowTimed:
        return this.drive(output, 0);
      case OutputControlCode.PermanentOnAbortTimed:
      case OutputControlCode.PermanentOnAllowTimed:
        return this.drive(output, 1);
      case OutputControlCode.TemporaryOn:
      case OutputControlCode.TemporaryOff: {
        const pulseMs = timer100ms * 100;
        this.drive(output, code === OutputControlCode.TemporaryOn ? 1 : 0, pulseMs);
        this.timers[output] = this.clock.setTimeout(() => this.drive(output, code === OutputControlCode.TemporaryOn ? 0 : 1), pulseMs);
        return;
      }
      default:
        return;
    }
  }

  private drive(output: number, value: number, pulseMs?: number): void {
    this.clock.clearTimeout(this.timers[output]);
    this.timers[output] = undefined;
    this.outputs[output] = value;
    const change = { output, on: value === 1, ...(pulseMs !== undefined && { pulseMs }) };
    this.history.push({ atMs: this.clock.nowMs(), ...change });
    this.emitter.emit('output', change);
  }

  /** Sets an input; a change goes to the bridge as an ISTATR report on the next POLL. */
  setInput(input: number, value: number): void {
    if (this.inputs[input] === value) return;
    this.inputs[input] = value;
    this.pd.enqueue({ code: ReplyCode.Istatr, inputs: [...this.inputs] });
  }
}
