import { ReplyCode } from '../constants.js';
import { ByteReader, readRecords } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type { ComReply, PdCapReply, PdIdReply } from './reply.types.js';

/** PDID (12): OUI(3 LE), model, version, serial(4 LE), firmware major/minor/build. */
export const pdIdCodec: PayloadCodec<PdIdReply> = {
  encode: (m) =>
    new ByteWriter()
      .u24('vendorCode', m.vendorCode)
      .u8('model', m.model)
      .u8('version', m.version)
      .u32('serialNumber', m.serialNumber)
      .u8('firmware.major', m.firmware.major)
      .u8('firmware.minor', m.firmware.minor)
      .u8('firmware.build', m.firmware.build)
      .toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const reply: PdIdReply = {
      code: ReplyCode.PdId,
      vendorCode: r.u24(),
      model: r.u8(),
      version: r.u8(),
      serialNumber: r.u32(),
      firmware: { major: r.u8(), minor: r.u8(), build: r.u8() },
    };
    r.end();
    return reply;
  },
};

/** PDCAP: repeated (function_code, compliance, num_items) triplets. */
export const pdCapCodec: PayloadCodec<PdCapReply> = {
  encode: (m) => {
    const writer = new ByteWriter();
    for (const c of m.capabilities) {
      writer.u8('functionCode', c.functionCode).u8('compliance', c.compliance).u8('numItems', c.numItems);
    }
    return writer.toBuffer();
  },
  decode: (data) => ({
    code: ReplyCode.PdCap,
    capabilities:
      data.length === 0 ? [] : readRecords(data, 3, (r) => ({ functionCode: r.u8(), compliance: r.u8(), numItems: r.u8() })),
  }),
};

/** COM: address(1), baud(4 LE) — the PD's communication settings after COMSET. */
export const comCodec: PayloadCodec<ComReply> = {
  encode: (m) => new ByteWriter().u8('address', m.address).u32('baudRate', m.baudRate).toBuffer(),
  decode: (data) => {
    const r = new ByteReader(data);
    const reply: ComReply = { code: ReplyCode.Com, address: r.u8(), baudRate: r.u32() };
    r.end();
    return reply;
  },
};
