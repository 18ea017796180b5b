import { ReplyCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { PayloadFormatError, type PayloadCodec } from '../payload/payload-result.js';
import type { KeypadReply, RawReply } from './reply.types.js';

/** RAW: reader, format, bit_count (2 LE), ⌈bits/8⌉ data bytes (extra trailing bytes are kept). */
export const rawCodec: PayloadCodec<RawReply> = {
  encode: (m) => {
    if (m.data.length < Math.ceil(m.bitCount / 8)) throw new RangeError(`data too short for ${m.bitCount} bits`);
    return new ByteWriter()
      .u8('reader', m.reader)
      .u8('format', m.format)
      .u16('bitCount', m.bitCount)
      .bytes('data', m.data)
      .toBuffer();
  },
  decode: (data) => {
    const r = new ByteReader(data);
    const head = { reader: r.u8(), format: r.u8(), bitCount: r.u16() };
    if (r.remaining < Math.ceil(head.bitCount / 8)) {
      throw new PayloadFormatError('bad-length', `${head.bitCount} bits need ${Math.ceil(head.bitCount / 8)} bytes, got ${r.remaining}`);
    }
    return { code: ReplyCode.Raw, ...head, data: r.rest() };
  },
};

// OSDP sends '*' as 0x7F and '#' as 0x0D (OSDP.Net KeypadData).
const STAR = 0x7f;
const HASH = 0x0d;

const digitToByte = (digit: string): number => {
  if (digit === '*') return STAR;
  if (digit === '#') return HASH;
  const byte = digit.charCodeAt(0);
  if (digit.length !== 1 || byte > 0xff) throw new RangeError(`keypad digit ${JSON.stringify(digit)} is not one byte`);
  return byte;
};

const byteToDigit = (byte: number): string => (byte === STAR ? '*' : byte === HASH ? '#' : String.fromCharCode(byte));

/** KEYPAD: reader, digit_count, digits. */
export const keypadCodec: PayloadCodec<KeypadReply> = {
  encode: (m) => {
    const digits = Buffer.from([...m.digits].map(digitToByte));
    return new ByteWriter().u8('reader', m.reader).u8('digits.length', digits.length).bytes('digits', digits).toBuffer();
  },
  decode: (data) => {
    const r = new ByteReader(data);
    const reader = r.u8();
    const count = r.u8();
    if (r.remaining !== count) throw new PayloadFormatError('bad-length', `digit_count ${count}, ${r.remaining} digits`);
    return { code: ReplyCode.Keypad, reader, digits: [...r.rest()].map(byteToDigit).join('') };
  },
};
