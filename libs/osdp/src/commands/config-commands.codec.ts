import { CommandCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { vendorCodec } from '../payload/common-codecs.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type { AcuRxSizeCommand, ComsetCommand, KeepActiveCommand, MfgCommand } from './command.types.js';

/** COMSET: address(1), baud(4, LE). COM (reply) shares the layout. */
export const comsetCodec: PayloadCodec<ComsetCommand> = {
  encode: (m) => new ByteWriter().u8('address', m.address).u32('baudRate', m.baudRate).toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const message: ComsetCommand = { code: CommandCode.Comset, address: r.u8(), baudRate: r.u32() };
    r.end();
    return message;
  },
};

/** Reads a payload that is exactly one little-endian u16. */
function readU16(data: Buffer): number {
  const r = new ByteReader(data);
  const value = r.u16();
  r.end();
  return value;
}

/** ACURXSIZE: largest reply the CP accepts (2, LE). */
export const acuRxSizeCodec: PayloadCodec<AcuRxSizeCommand> = {
  encode: (m) => new ByteWriter().u16('maxReplySize', m.maxReplySize).toBuffer(),
  decode: (data) => ({ code: CommandCode.AcuRxSize, maxReplySize: readU16(data) }),
};

/** KEEPACTIVE: time in ms (2, LE) the PD keeps the secure channel alive. */
export const keepActiveCodec: PayloadCodec<KeepActiveCommand> = {
  encode: (m) => new ByteWriter().u16('keepActiveMs', m.keepActiveMs).toBuffer(),
  decode: (data) => ({ code: CommandCode.KeepActive, keepActiveMs: readU16(data) }),
};

export const mfgCodec = vendorCodec<MfgCommand>(CommandCode.Mfg);
