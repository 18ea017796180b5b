import type { OsdpCommand } from '../commands/command.types.js';
import { encodeCommand } from '../commands/command-registry.js';
import { CommandCode, KeySelector, ScsType } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import type { NakReply } from '../replies/reply.types.js';
import { encodeFrame } from '../frame/frame-codec.js';
import { wrapCommand } from '../secure-channel/secure-channel.js';
import { SCBK_DEFAULT } from '../secure-channel/session-keys.js';
import type {
  CommandFailureReason,
  CommandPurpose,
  CommandTag,
  CpSessionEffect,
  CpSessionEvent,
  CpSessionState,
  InFlightCommand,
  QueuedCommand,
} from './cp-session.types.js';
import { nextSequence } from './sequence.js';

type Draft = { -readonly [K in keyof CpSessionState]: CpSessionState[K] };

/**
 * One reducer step: a shallow copy of the state plus the effects produced so far. The transition
 * helpers below replace fields of the copy, never mutate what the caller passed in.
 */
export class CpStep {
  readonly s: Draft;
  readonly effects: CpSessionEffect[] = [];

  constructor(
    state: CpSessionState,
    readonly now: number,
  ) {
    this.s = { ...state };
  }

  emit(event: CpSessionEvent): void {
    this.effects.push({ type: 'event', event });
  }

  transmit(bytes: Buffer): void {
    this.effects.push({ type: 'transmit', bytes });
  }

  /** Frames, secures (if the channel is up) and transmits a command; it becomes the one in flight. */
  send(command: OsdpCommand, purpose: CommandPurpose, options: { tag?: CommandTag; restartSequence?: boolean } = {}): void {
    const { config } = this.s;
    const sequence = options.restartSequence ? 0 : nextSequence(this.s.sequence);
    const { code, data } = encodeCommand(command);
    let frame: OsdpFrame = { address: config.address, isReply: false, sequence, useCrc: config.useCrc, code, data };
    if (code === CommandCode.Chlng || code === CommandCode.Scrypt) {
      const selector = this.s.handshake?.useDefaultKey ? KeySelector.Default : KeySelector.Scbk;
      frame = { ...frame, securityBlock: { type: code === CommandCode.Chlng ? ScsType.Scs11 : ScsType.Scs13, data: Buffer.of(selector) } };
    } else if (this.s.secure) {
      const wrapped = wrapCommand(this.s.secure, frame);
      this.s.secure = wrapped.state;
      frame = wrapped.frame;
    }
    const bytes = encodeFrame(frame, { mark: config.mark });
    const inFlight: InFlightCommand = {
      command,
      purpose,
      sequence,
      bytes,
      sentAtMs: this.now,
      retryAtMs: this.now + config.replyTimeoutMs,
      ...(options.tag !== undefined ? { tag: options.tag } : {}),
    };
    this.s.inFlight = inFlight;
    this.s.sequence = sequence;
    this.s.lastSentAtMs = this.now;
    this.transmit(bytes);
  }

  /** Repeat the in-flight command byte for byte (same sequence, same MAC). */
  retransmit(delayMs = this.s.config.replyTimeoutMs): void {
    const inFlight = this.s.inFlight;
    if (!inFlight) return;
    this.s.inFlight = { ...inFlight, sentAtMs: this.now, retryAtMs: this.now + delayMs };
    this.s.lastSentAtMs = this.now;
    this.transmit(inFlight.bytes);
  }

  /** (Re)start from ID with sequence 0, which also resets the PD. */
  startProbe(): void {
    this.s.phase = 'id';
    this.s.secure = undefined;
    this.s.handshake = undefined;
    this.s.lastValidReplyAtMs = this.now;
    this.send({ code: CommandCode.Id }, 'probe', { restartSequence: true });
  }

  /** CHLNG with a fresh RND.A; libosdp restarts the sequence at 0 here (docs/osdp.md §A8). */
  beginHandshake(useDefaultKey: boolean): void {
    const rndA = this.s.config.randomBytes!(8);
    if (rndA.length !== 8) throw new RangeError(`randomBytes(8) returned ${rndA.length} bytes`);
    this.s.phase = 'chlng';
    this.s.secure = undefined;
    this.s.handshake = { useDefaultKey, rndA: Buffer.from(rndA) };
    this.send({ code: CommandCode.Chlng, rndA }, 'handshake', { restartSequence: true });
  }

  scbkFor(useDefaultKey: boolean): Buffer {
    return useDefaultKey ? SCBK_DEFAULT : this.s.config.scbk!;
  }

  /** True when the configured key is SCBK-D itself, so the CHLNG should say "default key". */
  configuredKeyIsDefault(): boolean {
    return this.s.config.scbk !== undefined && this.s.config.scbk.equals(SCBK_DEFAULT);
  }

  goOnline(): void {
    this.s.phase = 'online';
    this.s.handshake = undefined;
    this.s.reprobeDelayMs = this.s.config.reprobeMinMs;
    if (!this.s.online) {
      this.s.online = true;
      this.emit({
        kind: 'online',
        secure: this.s.secure !== undefined,
        ...(this.s.pdId ? { pdId: this.s.pdId } : {}),
        ...(this.s.pdCap ? { pdCap: this.s.pdCap } : {}),
      });
    }
    this.sendNextQueued();
  }

  /** Give up on the PD for now: fail everything pending, back off, then re-probe from ID. */
  goOffline(reason: 'timeout' | 'probe-failed' | 'handshake-failed'): void {
    if (this.s.secure) this.emit({ kind: 'secure-channel-down', reason: 'offline' });
    if (this.s.online) this.emit({ kind: 'offline', reason });
    this.failInFlight('offline');
    for (const queued of this.s.queue) this.failCommand(queued, 'offline');
    this.s.queue = [];
    this.s.online = false;
    this.s.phase = 'offline';
    this.s.secure = undefined;
    this.s.handshake = undefined;
    this.s.reprobeAtMs = this.now + this.s.reprobeDelayMs;
    this.s.reprobeDelayMs = Math.min(this.s.reprobeDelayMs * 2, this.s.config.reprobeMaxMs);
  }

  /** Drop the secure channel and start a new handshake; the application command in flight fails. */
  restartSecureChannel(reason: 'mac-failure' | 'nak'): void {
    if (this.s.secure) this.emit({ kind: 'secure-channel-down', reason });
    this.failInFlight('secure-channel-lost');
    this.beginHandshake(this.configuredKeyIsDefault());
  }

  failInFlight(reason: CommandFailureReason, extra: { detail?: string } = {}): void {
    const inFlight = this.s.inFlight;
    this.s.inFlight = undefined;
    if (inFlight?.purpose === 'app') this.failCommand(inFlight, reason, extra);
  }

  failCommand(queued: QueuedCommand, reason: CommandFailureReason, extra: { nak?: NakReply; detail?: string } = {}): void {
    this.emit({
      kind: 'command-failed',
      command: queued.command,
      reason,
      ...(queued.tag !== undefined ? { tag: queued.tag } : {}),
      ...(extra.nak ? { nak: extra.nak } : {}),
      ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
    });
  }

  /** Online and idle: send the next application command if one is queued. */
  sendNextQueued(): void {
    if (this.s.phase !== 'online' || this.s.inFlight || this.s.queue.length === 0) return;
    const [next, ...rest] = this.s.queue;
    this.s.queue = rest;
    this.send(next!.command, 'app', next!.tag !== undefined ? { tag: next!.tag } : {});
  }

  result(): { state: CpSessionState; effects: CpSessionEffect[] } {
    return { state: this.s, effects: this.effects };
  }
}
