import { ReplyCode } from '../constants.js';
import { decodeWith } from '../payload/decode-with.js';
import type { EncodedPayload, PayloadCodec, PayloadError } from '../payload/payload-result.js';
import { ackCodec, busyCodec, mfgRepCodec, nakCodec } from './basic-replies.codec.js';
import { bioMatchReplyCodec, bioReadReplyCodec } from './biometric-replies.codec.js';
import { keypadCodec, rawCodec } from './credential-replies.codec.js';
import { comCodec, pdCapCodec, pdIdCodec } from './device-replies.codec.js';
import type { OsdpReply, ReplyOf, SupportedReplyCode } from './reply.types.js';
import { ccryptCodec, rmacICodec } from './secure-channel-replies.codec.js';
import { istatrCodec, lstatrCodec, ostatrCodec, rstatrCodec } from './status-replies.codec.js';

const REPLY_CODECS: { readonly [C in SupportedReplyCode]: PayloadCodec<ReplyOf<C>> } = Object.freeze({
  [ReplyCode.Ack]: ackCodec,
  [ReplyCode.Nak]: nakCodec,
  [ReplyCode.PdId]: pdIdCodec,
  [ReplyCode.PdCap]: pdCapCodec,
  [ReplyCode.Lstatr]: lstatrCodec,
  [ReplyCode.Istatr]: istatrCodec,
  [ReplyCode.Ostatr]: ostatrCodec,
  [ReplyCode.Rstatr]: rstatrCodec,
  [ReplyCode.Raw]: rawCodec,
  [ReplyCode.Keypad]: keypadCodec,
  [ReplyCode.Com]: comCodec,
  [ReplyCode.BioReadR]: bioReadReplyCodec,
  [ReplyCode.BioMatchR]: bioMatchReplyCodec,
  [ReplyCode.Ccrypt]: ccryptCodec,
  [ReplyCode.RmacI]: rmacICodec,
  [ReplyCode.Busy]: busyCodec,
  [ReplyCode.MfgRep]: mfgRepCodec,
});

export type DecodeReplyResult = { ok: true; reply: OsdpReply } | { ok: false; error: PayloadError };

export const isSupportedReplyCode = (code: number): code is SupportedReplyCode => Object.hasOwn(REPLY_CODECS, code);

/** Throws RangeError when a field is out of range for its wire size. */
export function encodeReply(reply: OsdpReply): EncodedPayload {
  const codec = REPLY_CODECS[reply.code] as PayloadCodec<OsdpReply> | undefined;
  if (!codec) throw new RangeError(`unsupported reply code ${String(reply.code)}`);
  return { code: reply.code, data: codec.encode(reply) };
}

/** Never throws: unknown codes give `unknown-code`, malformed payloads `bad-length` / `bad-value`. */
export function decodeReply(code: number, data: Buffer): DecodeReplyResult {
  const result = decodeWith(REPLY_CODECS as Readonly<Record<number, PayloadCodec<OsdpReply>>>, code, data);
  return result.ok ? { ok: true, reply: result.value } : result;
}
