import { BROADCAST_ADDRESS, ReplyCode } from '../constants.js';
import type { OsdpFrame, SecurityBlock } from '../frame/frame.js';
import { encodeFrame } from '../frame/frame-codec.js';
import { encodeReply } from '../replies/reply-registry.js';
import type { OsdpReply } from '../replies/reply.types.js';
import { wrapReply } from '../secure-channel/secure-channel.js';
import type { PdSessionEffect, PdSessionEvent, PdSessionState, ReplyTarget } from './pd-session.types.js';

type Draft = { -readonly [K in keyof PdSessionState]: PdSessionState[K] };

/** One PD reducer step: a shallow copy of the state plus effects; helpers replace fields, never mutate input. */
export class PdStep {
  readonly s: Draft;
  readonly effects: PdSessionEffect[] = [];

  constructor(
    state: PdSessionState,
    readonly now: number,
  ) {
    this.s = { ...state };
  }

  emit(event: PdSessionEvent): void {
    this.effects.push({ type: 'event', event });
  }

  targetFor(frame: OsdpFrame, hadMark: boolean, secured: boolean): ReplyTarget {
    return {
      address: frame.address === BROADCAST_ADDRESS ? BROADCAST_ADDRESS : this.s.config.address,
      sequence: frame.sequence,
      useCrc: frame.useCrc,
      mark: hadMark,
      secured,
    };
  }

  /** Builds the reply frame (wrapped when the command was secured) without sending it. */
  buildReply(target: ReplyTarget, reply: OsdpReply, securityBlock?: SecurityBlock): Buffer {
    const { code, data } = encodeReply(reply);
    let frame: OsdpFrame = { address: target.address, isReply: true, sequence: target.sequence, useCrc: target.useCrc, code, data };
    if (securityBlock) frame = { ...frame, securityBlock };
    if (target.secured && this.s.secure) {
      const wrapped = wrapReply(this.s.secure, frame);
      this.s.secure = wrapped.state;
      frame = wrapped.frame;
    }
    return encodeFrame(frame, { mark: target.mark });
  }

  /** Sends a reply and remembers it for a repeated sequence number. */
  reply(target: ReplyTarget, commandBytes: Buffer, reply: OsdpReply, securityBlock?: SecurityBlock): void {
    const bytes = this.buildReply(target, reply, securityBlock);
    this.remember(target.sequence, commandBytes, bytes);
    this.effects.push({ type: 'transmit', bytes });
  }

  remember(sequence: number, commandBytes: Buffer, replyBytes: Buffer): void {
    this.s.lastSequence = sequence;
    this.s.lastCommandBytes = commandBytes;
    this.s.lastReplyBytes = replyBytes;
  }

  transmit(bytes: Buffer): void {
    this.effects.push({ type: 'transmit', bytes });
  }

  /** NAKs go out in plaintext so a CP whose MAC failed can still read them (docs/osdp.md §A8). */
  nak(target: ReplyTarget, commandBytes: Buffer | undefined, commandCode: number, nakCode: number, detail: string): void {
    const bytes = this.buildReply({ ...target, secured: false }, { code: ReplyCode.Nak, nakCode, extra: Buffer.alloc(0) });
    if (commandBytes) this.remember(target.sequence, commandBytes, bytes);
    this.emit({ kind: 'nak-sent', commandCode, nakCode, detail });
    this.transmit(bytes);
  }

  dropSecure(reason: Extract<PdSessionEvent, { kind: 'secure-channel-down' }>['reason']): void {
    if (this.s.secure) this.emit({ kind: 'secure-channel-down', reason });
    this.s.secure = undefined;
  }

  result(): { state: PdSessionState; effects: PdSessionEffect[] } {
    return { state: this.s, effects: this.effects };
  }
}
