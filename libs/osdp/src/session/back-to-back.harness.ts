import { ReplyCode } from '../constants.js';
import type { OsdpCommand } from '../commands/command.types.js';
import { FrameSplitter } from '../frame/frame-splitter.js';
import type { OsdpReply } from '../replies/reply.types.js';
import { createCpSession } from './cp-session.config.js';
import { reduceCpSession } from './cp-session.js';
import type { CpSessionConfig, CpSessionEvent, CpSessionInput, CpSessionState } from './cp-session.types.js';
import { createPdSession, reducePdSession } from './pd-session.js';
import type { PdSessionConfig, PdSessionEvent, PdSessionInput, PdSessionState } from './pd-session.types.js';

/** Test harness: a CP reducer and a PD reducer joined by an in-memory wire with fault injection. No I/O. */
export interface WireRecord {
  from: 'CP' | 'PD';
  at: number;
  bytes: Buffer;
  delivered: boolean;
}

export type Fault = (bytes: Buffer, record: Omit<WireRecord, 'delivered'>) => Buffer | 'drop' | undefined;

export class BackToBack {
  now = 0;
  cp: CpSessionState;
  pd: PdSessionState;
  readonly cpEvents: Array<CpSessionEvent & { at: number }> = [];
  readonly pdEvents: Array<PdSessionEvent & { at: number }> = [];
  readonly pdCommands: OsdpCommand[] = [];
  readonly wire: WireRecord[] = [];
  /** Application behind the PD; return undefined to leave the command pending (PD will answer BUSY). */
  pdApp: (command: OsdpCommand) => OsdpReply | undefined = () => ({ code: ReplyCode.Ack });
  /** Return 'drop' to lose a frame, a Buffer to replace it, undefined to pass it. */
  fault: Fault = () => undefined;
  private readonly cpSplitter = new FrameSplitter();
  private readonly pdSplitter = new FrameSplitter();

  constructor(cpConfig: CpSessionConfig, pdConfig: PdSessionConfig) {
    this.cp = createCpSession(cpConfig, 0);
    this.pd = createPdSession(pdConfig);
  }

  cpInput(input: CpSessionInput): void {
    const { state, effects } = reduceCpSession(this.cp, input, this.now);
    this.cp = state;
    for (const effect of effects) {
      if (effect.type === 'event') this.cpEvents.push({ ...effect.event, at: this.now });
      else this.carry('CP', effect.bytes);
    }
  }

  pdInput(input: PdSessionInput): void {
    const { state, effects } = reducePdSession(this.pd, input, this.now);
    this.pd = state;
    for (const effect of effects) {
      if (effect.type === 'event') this.pdEvents.push({ ...effect.event, at: this.now });
      else if (effect.type === 'transmit') this.carry('PD', effect.bytes);
      else {
        this.pdCommands.push(effect.command);
        const reply = this.pdApp(effect.command);
        if (reply) this.pdInput({ type: 'respond', reply });
      }
    }
  }

  /** Run the clock, ticking the CP every `tickMs`. */
  advance(ms: number, tickMs = 10): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(this.now + tickMs, end);
      this.cpInput({ type: 'tick' });
    }
  }

  eventKinds(): string[] {
    return this.cpEvents.map((e) => e.kind);
  }

  sent(from: 'CP' | 'PD'): WireRecord[] {
    return this.wire.filter((w) => w.from === from);
  }

  private carry(from: 'CP' | 'PD', original: Buffer): void {
    const verdict = this.fault(original, { from, at: this.now, bytes: original });
    const bytes = verdict === undefined || verdict === 'drop' ? original : verdict;
    this.wire.push({ from, at: this.now, bytes, delivered: verdict !== 'drop' });
    if (verdict === 'drop') return;
    const splitter = from === 'CP' ? this.pdSplitter : this.cpSplitter;
    for (const result of [...splitter.push(bytes), ...splitter.reset()]) {
      if (from === 'CP') {
        if (result.type === 'frame') this.pdInput({ type: 'frame', frame: result.frame, hadMark: result.hadMark });
      } else if (result.type === 'frame') {
        this.cpInput({ type: 'reply', frame: result.frame });
      } else if (result.type === 'error') {
        this.cpInput({ type: 'line-error' });
      }
    }
  }
}
