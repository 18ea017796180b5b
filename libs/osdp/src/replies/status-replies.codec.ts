import { ReplyCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { byteListCodec } from '../payload/common-codecs.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type { IstatrReply, LstatrReply, OstatrReply, RstatrReply } from './reply.types.js';

/** LSTATR (2): tamper, power. */
export const lstatrCodec: PayloadCodec<LstatrReply> = {
  encode: (m) => new ByteWriter().u8('tamper', m.tamper).u8('power', m.power).toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const reply: LstatrReply = { code: ReplyCode.Lstatr, tamper: r.u8(), power: r.u8() };
    r.end();
    return reply;
  },
};

// One byte per input/output/reader; the count comes from PDCAP, not the payload.
export const istatrCodec = byteListCodec<IstatrReply, 'inputs'>(ReplyCode.Istatr, 'inputs');
export const ostatrCodec = byteListCodec<OstatrReply, 'outputs'>(ReplyCode.Ostatr, 'outputs');
export const rstatrCodec = byteListCodec<RstatrReply, 'readers'>(ReplyCode.Rstatr, 'readers');
