import type { OsdpCommand } from '../commands/command.types.js';
import { decodeCommand } from '../commands/command-registry.js';
import { ADDRESS_MASK, BROADCAST_ADDRESS, CommandCode, NakCode, ReplyCode, ScsType } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { encodeFrame } from '../frame/frame-codec.js';
import { KeyType } from '../payload/payload-enums.js';
import { unwrapCommand } from '../secure-channel/secure-channel.js';
import { onChallenge, onServerCryptogram } from './pd-session.handshake.js';
import { PdStep } from './pd-session.context.js';
import type { PdSessionConfig, PdSessionInput, PdSessionState, PdSessionStep, ReplyTarget } from './pd-session.types.js';
import { nextSequence } from './sequence.js';

const BUSY_TARGET_SEQUENCE = 0;

/** A PD that answers like a reader: ID, CAP, handshake, POLL; other commands go to the application. */
export function createPdSession(config: PdSessionConfig): PdSessionState {
  if (!Number.isInteger(config.address) || config.address < 0 || config.address >= ADDRESS_MASK) {
    throw new RangeError(`PD address must be 0..0x7E, got ${config.address}`);
  }
  if (config.scbk && config.scbk.length !== 16) throw new RangeError('scbk must be 16 bytes');
  const { scbk, installMode, ...rest } = config;
  const cUid = config.cUid ?? defaultCuid(config.pdId);
  if (cUid.length !== 8) throw new RangeError('cUid must be 8 bytes');
  return {
    config: Object.freeze({
      ...rest,
      cUid,
      requireSecureChannel: config.requireSecureChannel ?? false,
      secureChannelTimeoutMs: config.secureChannelTimeoutMs ?? 8000,
    }),
    ...(scbk ? { scbk: Buffer.from(scbk) } : {}),
    installMode: installMode ?? false,
    secureUntilMs: 0,
    queue: [],
  };
}

/** Pure PD responder: one input in, the next state and what to transmit out. */
export function reducePdSession(state: PdSessionState, input: PdSessionInput, nowMs: number): PdSessionStep {
  const step = new PdStep(state, nowMs);
  switch (input.type) {
    case 'frame':
      onFrame(step, input.frame, input.hadMark ?? true);
      break;
    case 'enqueue':
      step.s.queue = [...step.s.queue, input.reply];
      break;
    case 'respond': {
      const pending = step.s.pending;
      if (!pending) break;
      step.s.pending = undefined;
      const bytes = step.buildReply(pending.target, input.reply);
      step.remember(pending.target.sequence, pending.commandBytes, bytes);
      // After a BUSY the line is the CP's: the reply waits for the repeated command.
      if (!pending.busySent) step.transmit(bytes);
      break;
    }
  }
  return step.result();
}

function onFrame(step: PdStep, frame: OsdpFrame, hadMark: boolean): void {
  const { s, now } = step;
  if (frame.isReply || (frame.address !== s.config.address && frame.address !== BROADCAST_ADDRESS)) return;
  const commandBytes = encodeFrame(frame, { mark: false });
  const target = step.targetFor(frame, hadMark, false);

  if (s.pending) {
    if (frame.sequence === s.pending.target.sequence && commandBytes.equals(s.pending.commandBytes)) {
      s.pending = { ...s.pending, busySent: true };
      step.transmit(step.buildReply({ ...target, sequence: BUSY_TARGET_SEQUENCE, secured: false }, { code: ReplyCode.Busy }));
      return;
    }
    s.pending = undefined;
  }
  // Same sequence, same bytes: the CP missed our reply. Resend it unchanged (docs/osdp.md §A9).
  if (frame.sequence !== 0 && frame.sequence === s.lastSequence && s.lastReplyBytes && s.lastCommandBytes?.equals(commandBytes)) {
    step.transmit(s.lastReplyBytes);
    return;
  }
  if (s.secure && now > s.secureUntilMs) step.dropSecure('timeout');
  if (frame.sequence === 0) {
    step.dropSecure('sequence-reset');
  } else if (s.lastSequence !== undefined && frame.sequence !== nextSequence(s.lastSequence)) {
    step.nak(target, undefined, frame.code, NakCode.SequenceNumber, `expected ${nextSequence(s.lastSequence)}, got ${frame.sequence}`);
    return;
  }

  const scs = frame.securityBlock?.type;
  let plain = frame;
  let secured = false;
  if (scs === ScsType.Scs15 || scs === ScsType.Scs17) {
    if (!s.secure) return step.nak(target, commandBytes, frame.code, NakCode.SecurityBlockNotSupported, 'no secure channel');
    const unwrapped = unwrapCommand(s.secure, frame);
    if (!unwrapped.ok) {
      step.dropSecure('mac-failure');
      return step.nak(target, commandBytes, frame.code, NakCode.EncryptionRequired, unwrapped.error.detail);
    }
    s.secure = unwrapped.state;
    s.secureUntilMs = Math.max(s.secureUntilMs, now + s.config.secureChannelTimeoutMs);
    plain = unwrapped.frame;
    secured = true;
  } else if (scs !== undefined && scs !== ScsType.Scs11 && scs !== ScsType.Scs13) {
    return step.nak(target, commandBytes, frame.code, NakCode.SecurityBlockNotSupported, `SCS 0x${scs.toString(16)}`);
  } else if (scs === undefined && s.secure) {
    step.dropSecure('plaintext');
    return step.nak(target, commandBytes, frame.code, NakCode.EncryptionRequired, 'plaintext inside a secure channel');
  } else if (scs === undefined && s.config.requireSecureChannel && frame.code !== CommandCode.Id && frame.code !== CommandCode.Cap) {
    return step.nak(target, commandBytes, frame.code, NakCode.EncryptionRequired, 'secure channel required');
  }

  const decoded = decodeCommand(plain.code, plain.data);
  const replyTarget = { ...target, secured };
  if (!decoded.ok) {
    const nakCode = { 'unknown-code': NakCode.UnknownCommand, 'bad-length': NakCode.CommandLength, 'bad-value': NakCode.UnableToProcess }[
      decoded.error.kind
    ];
    return step.nak(replyTarget, commandBytes, plain.code, nakCode, decoded.error.detail);
  }
  dispatch(step, plain, decoded.command, replyTarget, commandBytes);
}

function dispatch(step: PdStep, frame: OsdpFrame, command: OsdpCommand, target: ReplyTarget, commandBytes: Buffer): void {
  const { s, now } = step;
  switch (command.code) {
    case CommandCode.Poll: {
      const [next, ...rest] = s.queue;
      s.queue = rest;
      return step.reply(target, commandBytes, next ?? { code: ReplyCode.Ack });
    }
    case CommandCode.Id:
      return step.reply(target, commandBytes, { code: ReplyCode.PdId, ...s.config.pdId });
    case CommandCode.Cap:
      return step.reply(target, commandBytes, { code: ReplyCode.PdCap, capabilities: s.config.capabilities });
    case CommandCode.Chlng:
      return onChallenge(step, frame, command, target, commandBytes);
    case CommandCode.Scrypt:
      return onServerCryptogram(step, frame, command, target, commandBytes);
    case CommandCode.Keyset: {
      if (!target.secured) return step.nak(target, commandBytes, command.code, NakCode.EncryptionRequired, 'KEYSET outside a secure channel');
      if (command.keyType !== KeyType.Scbk || command.key.length !== 16) {
        return step.nak(target, commandBytes, command.code, NakCode.UnableToProcess, 'only a 16-byte SCBK is accepted');
      }
      step.reply(target, commandBytes, { code: ReplyCode.Ack });
      // Like libosdp: store the key, leave install mode, end this session; the CP re-authenticates.
      s.scbk = Buffer.from(command.key);
      s.installMode = false;
      step.emit({ kind: 'keyset', keyType: command.keyType, key: Buffer.from(command.key) });
      return step.dropSecure('keyset');
    }
    case CommandCode.KeepActive:
      if (s.secure) s.secureUntilMs = Math.max(s.secureUntilMs, now + command.keepActiveMs);
      return step.reply(target, commandBytes, { code: ReplyCode.Ack });
    case CommandCode.AcuRxSize:
      return step.reply(target, commandBytes, { code: ReplyCode.Ack });
    default:
      s.pending = { command, commandBytes, target, busySent: false };
      step.effects.push({ type: 'command', command });
  }
}

function defaultCuid(pdId: PdSessionConfig['pdId']): Buffer {
  const cUid = Buffer.alloc(8);
  cUid.writeUIntLE(pdId.vendorCode & 0xffff, 0, 2);
  cUid[2] = pdId.model & 0xff;
  cUid[3] = pdId.version & 0xff;
  cUid.writeUInt32LE(pdId.serialNumber >>> 0, 4);
  return cUid;
}
