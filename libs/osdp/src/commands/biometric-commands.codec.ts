import { CommandCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { PayloadFormatError, type PayloadCodec } from '../payload/payload-result.js';
import type { BiomatchCommand, BioreadCommand } from './command.types.js';

/** BIOREAD: reader, bio_type, bio_format, quality (docs/osdp.md §A7). */
export const bioreadCodec: PayloadCodec<BioreadCommand> = {
  encode: (m) =>
    new ByteWriter()
      .u8('reader', m.reader)
      .u8('bioType', m.bioType)
      .u8('bioFormat', m.bioFormat)
      .u8('quality', m.quality)
      .toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const message: BioreadCommand = {
      code: CommandCode.Bioread,
      reader: r.u8(),
      bioType: r.u8(),
      bioFormat: r.u8(),
      quality: r.u8(),
    };
    r.end();
    return message;
  },
};

/** BIOMATCH: reader, bio_type, bio_format, quality_threshold, template_len (2, LE), template. */
export const biomatchCodec: PayloadCodec<BiomatchCommand> = {
  encode: (m) =>
    new ByteWriter()
      .u8('reader', m.reader)
      .u8('bioType', m.bioType)
      .u8('bioFormat', m.bioFormat)
      .u8('qualityThreshold', m.qualityThreshold)
      .u16('template.length', m.template.length)
      .bytes('template', m.template)
      .toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const head = { reader: r.u8(), bioType: r.u8(), bioFormat: r.u8(), qualityThreshold: r.u8() };
    const length = r.u16();
    if (r.remaining !== length) throw new PayloadFormatError('bad-length', `template_len ${length}, ${r.remaining} bytes`);
    return { code: CommandCode.Biomatch, ...head, template: r.rest() };
  },
};
