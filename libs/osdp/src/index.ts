/**
 * #osdp — pure OSDP v2.2 (IEC 60839-11-5) codec, secure channel and session reducers.
 * Buffer in, Buffer out; time is an argument; no I/O, no timers. See libs/osdp/README.md.
 */

// Wire constants and check characters (docs/osdp.md §A3–§A5).
export * from './constants.js';
export { crc16, CRC16_INIT } from './crc16.js';
export { checksum } from './checksum.js';

// Frames (§A3).
export type * from './frame/frame.js';
export { decodeFrame, encodeFrame, encodeFrameBody } from './frame/frame-codec.js';
export { FrameSplitter, type FrameSplitterOptions, type SplitErrorKind, type SplitResult } from './frame/frame-splitter.js';

// Typed payloads (§A6, §A7).
export * from './payload/payload-enums.js';
export type { EncodedPayload, PayloadError, PayloadErrorKind } from './payload/payload-result.js';
export type * from './commands/command.types.js';
export { decodeCommand, encodeCommand, isSupportedCommandCode, type DecodeCommandResult } from './commands/command-registry.js';
export type * from './replies/reply.types.js';
export { decodeReply, encodeReply, isSupportedReplyCode, type DecodeReplyResult } from './replies/reply-registry.js';

// Secure channel (§A8).
export { deriveScbkFromMasterKey, deriveSessionKeys, SCBK_DEFAULT, type SessionKeys } from './secure-channel/session-keys.js';
export { clientCryptogram, initialRmac, serverCryptogram } from './secure-channel/cryptogram.js';
export { computeMac } from './secure-channel/mac.js';
export { decryptData, encryptData, type DecryptResult } from './secure-channel/data-cipher.js';
export {
  cpVerifyCcrypt,
  cpVerifyRmacI,
  pdAnswerChallenge,
  pdVerifyScrypt,
  type CcryptCheck,
  type ScryptCheck,
} from './secure-channel/handshake.js';
export {
  openSecureChannel,
  unwrapCommand,
  unwrapReply,
  wrapCommand,
  wrapReply,
  type SecureChannelError,
  type SecureChannelErrorKind,
  type SecureChannelState,
  type UnwrapResult,
  type WrapResult,
} from './secure-channel/secure-channel.js';

// Sessions (§A8 handshake, §A9 sequence/poll/offline).
export { nextSequence } from './session/sequence.js';
export type * from './session/cp-session.types.js';
export { createCpSession, resolveCpSessionConfig } from './session/cp-session.config.js';
export { reduceCpSession } from './session/cp-session.js';
export type * from './session/pd-session.types.js';
export { createPdSession, reducePdSession } from './session/pd-session.js';
