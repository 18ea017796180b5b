import { ReplyCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { fixedBytesCodec } from '../payload/common-codecs.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type { CcryptReply, RmacIReply } from './reply.types.js';

/** CCRYPT (32): cUID(8), RND.B(8), client cryptogram(16). */
export const ccryptCodec: PayloadCodec<CcryptReply> = {
  encode: (m) =>
    new ByteWriter()
      .bytes('cUid', m.cUid, 8)
      .bytes('rndB', m.rndB, 8)
      .bytes('clientCryptogram', m.clientCryptogram, 16)
      .toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const reply: CcryptReply = { code: ReplyCode.Ccrypt, cUid: r.bytes(8), rndB: r.bytes(8), clientCryptogram: r.bytes(16) };
    r.end();
    return reply;
  },
};

export const rmacICodec = fixedBytesCodec<RmacIReply, 'rmacI'>(ReplyCode.RmacI, 'rmacI', 16);
