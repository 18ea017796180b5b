import { ReplyCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { PayloadFormatError, type PayloadCodec } from '../payload/payload-result.js';
import type { BioMatchReply, BioReadReply } from './reply.types.js';

/** BIOREADR: reader, status, bio_type, quality, template_len (2 LE), template (docs/osdp.md §A7). */
export const bioReadReplyCodec: PayloadCodec<BioReadReply> = {
  encode: (m) =>
    new ByteWriter()
      .u8('reader', m.reader)
      .u8('status', m.status)
      .u8('bioType', m.bioType)
      .u8('quality', m.quality)
      .u16('template.length', m.template.length)
      .bytes('template', m.template)
      .toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const head = { reader: r.u8(), status: r.u8(), bioType: r.u8(), quality: r.u8() };
    const length = r.u16();
    if (r.remaining !== length) throw new PayloadFormatError('bad-length', `template_len ${length}, ${r.remaining} bytes`);
    return { code: ReplyCode.BioReadR, ...head, template: r.rest() };
  },
};

/** BIOMATCHR (3): reader, status, score. */
export const bioMatchReplyCodec: PayloadCodec<BioMatchReply> = {
  encode: (m) => new ByteWriter().u8('reader', m.reader).u8('status', m.status).u8('score', m.score).toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const reply: BioMatchReply = { code: ReplyCode.BioMatchR, reader: r.u8(), status: r.u8(), score: r.u8() };
    r.end();
    return reply;
  },
};
