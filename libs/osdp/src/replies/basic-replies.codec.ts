import { ReplyCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { emptyCodec, vendorCodec } from '../payload/common-codecs.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type { AckReply, BusyReply, MfgRepReply, NakReply } from './reply.types.js';

export const ackCodec = emptyCodec<AckReply>(ReplyCode.Ack);
export const busyCodec = emptyCodec<BusyReply>(ReplyCode.Busy);
export const mfgRepCodec = vendorCodec<MfgRepReply>(ReplyCode.MfgRep);

/** NAK: error code, then any extra bytes (kept verbatim). */
export const nakCodec: PayloadCodec<NakReply> = {
  encode: (m) => new ByteWriter().u8('nakCode', m.nakCode).bytes('extra', m.extra).toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    return { code: ReplyCode.Nak, nakCode: r.u8(), extra: r.rest() };
  },
};
