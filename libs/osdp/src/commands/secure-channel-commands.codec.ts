import { CommandCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { fixedBytesCodec } from '../payload/common-codecs.js';
import { PayloadFormatError, type PayloadCodec } from '../payload/payload-result.js';
import type { ChlngCommand, KeysetCommand, ScryptCommand } from './command.types.js';

/** KEYSET: key_type, key_len, key (docs/osdp.md §A6; 0x01 + 16 bytes for an SCBK). */
export const keysetCodec: PayloadCodec<KeysetCommand> = {
  encode: (m) =>
    new ByteWriter().u8('keyType', m.keyType).u8('key.length', m.key.length).bytes('key', m.key).toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const keyType = r.u8();
    const length = r.u8();
    if (r.remaining !== length) throw new PayloadFormatError('bad-length', `key_len ${length}, ${r.remaining} key bytes`);
    return { code: CommandCode.Keyset, keyType, key: r.rest() };
  },
};

export const chlngCodec = fixedBytesCodec<ChlngCommand, 'rndA'>(CommandCode.Chlng, 'rndA', 8);
export const scryptCodec = fixedBytesCodec<ScryptCommand, 'serverCryptogram'>(CommandCode.Scrypt, 'serverCryptogram', 16);
