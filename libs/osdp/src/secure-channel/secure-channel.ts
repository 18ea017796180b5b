import { timingSafeEqual } from 'node:crypto';
import { carriesMac, MAC_LENGTH, ScsType } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { encodeFrameBody } from '../frame/frame-codec.js';
import { decryptData, encryptData } from './data-cipher.js';
import { computeMac } from './mac.js';
import type { SessionKeys } from './session-keys.js';

/**
 * An established secure channel (docs/osdp.md §A8). Immutable: every wrap/unwrap returns the next state.
 * Both sides keep the same two chain values.
 */
export interface SecureChannelState {
  readonly keys: SessionKeys;
  /** Full 16-byte MAC of the last command (IV for the reply's MAC). */
  readonly cMac: Buffer;
  /** Full 16-byte MAC of the last reply; R-MAC-I right after the handshake (IV for the next command). */
  readonly rMac: Buffer;
}

export type SecureChannelErrorKind = 'not-secured' | 'wrong-scs' | 'bad-mac' | 'bad-ciphertext';

export interface SecureChannelError {
  kind: SecureChannelErrorKind;
  detail: string;
}

export type UnwrapResult =
  | { ok: true; state: SecureChannelState; frame: OsdpFrame }
  | { ok: false; error: SecureChannelError };

export interface WrapResult {
  state: SecureChannelState;
  frame: OsdpFrame;
}

/** The channel after a successful handshake: the MAC chain starts from R-MAC-I. */
export function openSecureChannel(keys: SessionKeys, rmacI: Buffer): SecureChannelState {
  return { keys, cMac: Buffer.alloc(16), rMac: Buffer.from(rmacI) };
}

interface Direction {
  /** SCS type without and with data. */
  plain: ScsType;
  encrypted: ScsType;
  /** The MAC this message chains from. */
  ivOf(state: SecureChannelState): Buffer;
  /** Stores this message's MAC. */
  advance(state: SecureChannelState, mac: Buffer): SecureChannelState;
}

const COMMAND: Direction = {
  plain: ScsType.Scs15,
  encrypted: ScsType.Scs17,
  ivOf: (s) => s.rMac,
  advance: (s, mac) => ({ ...s, cMac: mac }),
};

const REPLY: Direction = {
  plain: ScsType.Scs16,
  encrypted: ScsType.Scs18,
  ivOf: (s) => s.cMac,
  advance: (s, mac) => ({ ...s, rMac: mac }),
};

function wrap(direction: Direction, state: SecureChannelState, plain: OsdpFrame): WrapResult {
  if (plain.securityBlock || plain.mac) throw new RangeError('frame to wrap must be plaintext (no security block)');
  const iv = direction.ivOf(state);
  const encrypted = plain.data.length > 0;
  const frame: OsdpFrame = {
    ...plain,
    securityBlock: { type: encrypted ? direction.encrypted : direction.plain, data: Buffer.alloc(0) },
    data: encrypted ? encryptData(state.keys.sEnc, iv, plain.data) : Buffer.alloc(0),
  };
  const mac = computeMac(state.keys, iv, encodeFrameBody(frame));
  return { state: direction.advance(state, mac), frame: { ...frame, mac: mac.subarray(0, MAC_LENGTH) } };
}

function unwrap(direction: Direction, state: SecureChannelState, frame: OsdpFrame): UnwrapResult {
  try {
    return unwrapUnsafe(direction, state, frame);
  } catch (error) {
    // Only reachable with a hand-built frame whose fields cannot be serialised.
    return { ok: false, error: { kind: 'bad-mac', detail: error instanceof Error ? error.message : String(error) } };
  }
}

function unwrapUnsafe(direction: Direction, state: SecureChannelState, frame: OsdpFrame): UnwrapResult {
  const type = frame.securityBlock?.type;
  if (type === undefined || !carriesMac(type) || !frame.mac) {
    return { ok: false, error: { kind: 'not-secured', detail: 'frame carries no MAC' } };
  }
  if (type !== direction.plain && type !== direction.encrypted) {
    return { ok: false, error: { kind: 'wrong-scs', detail: `SCS 0x${type.toString(16)} in this direction` } };
  }
  const iv = direction.ivOf(state);
  const mac = computeMac(state.keys, iv, encodeFrameBody(frame));
  if (frame.mac.length !== MAC_LENGTH || !timingSafeEqual(mac.subarray(0, MAC_LENGTH), frame.mac)) {
    return { ok: false, error: { kind: 'bad-mac', detail: 'MAC does not verify' } };
  }
  let data = frame.data;
  if (type === direction.encrypted) {
    const decrypted = decryptData(state.keys.sEnc, iv, frame.data);
    if (!decrypted.ok) return { ok: false, error: { kind: 'bad-ciphertext', detail: decrypted.detail } };
    data = decrypted.plaintext;
  }
  const { securityBlock: _block, mac: _mac, ...rest } = frame;
  return { ok: true, state: direction.advance(state, mac), frame: { ...rest, data } };
}

/** CP: plaintext command → SCS_15 (no data) or SCS_17 (encrypted data) with MAC. */
export const wrapCommand = (state: SecureChannelState, frame: OsdpFrame): WrapResult => wrap(COMMAND, state, frame);
/** PD: verify and decrypt an SCS_15/17 command. Never throws. */
export const unwrapCommand = (state: SecureChannelState, frame: OsdpFrame): UnwrapResult => unwrap(COMMAND, state, frame);
/** PD: plaintext reply → SCS_16 (no data) or SCS_18 (encrypted data) with MAC. */
export const wrapReply = (state: SecureChannelState, frame: OsdpFrame): WrapResult => wrap(REPLY, state, frame);
/** CP: verify and decrypt an SCS_16/18 reply. Never throws. */
export const unwrapReply = (state: SecureChannelState, frame: OsdpFrame): UnwrapResult => unwrap(REPLY, state, frame);
