import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import type { PayloadCodec } from './payload-result.js';

/** Codec for messages with no data bytes. */
export function emptyCodec<T extends { code: number }>(code: T['code']): PayloadCodec<T> {
  return {
    encode: () => Buffer.alloc(0),
    decode: (data) => {
      new ByteReader(data).end();
      return { code } as T;
    },
  };
}

/** Codec for messages that are one fixed-length byte string (CHLNG, SCRYPT, RMAC_I). */
export function fixedBytesCodec<T extends { code: number }, K extends Exclude<keyof T, 'code'>>(
  code: T['code'],
  field: K,
  length: number,
): PayloadCodec<T> {
  return {
    encode: (message) => new ByteWriter().bytes(String(field), message[field] as Buffer, length).toBuffer(),
    decode: (data) => {
      const reader = new ByteReader(data);
      const value = reader.bytes(length);
      reader.end();
      return { code, [field]: value } as T;
    },
  };
}

/** MFG and MFGREP: OUI (3, LE) then vendor data. */
export function vendorCodec<T extends { code: number; vendorCode: number; data: Buffer }>(code: T['code']): PayloadCodec<T> {
  return {
    encode: (message) => new ByteWriter().u24('vendorCode', message.vendorCode).bytes('data', message.data).toBuffer(),
    decode: (data) => {
      const reader = new ByteReader(data);
      return { code, vendorCode: reader.u24(), data: reader.rest() } as T;
    },
  };
}

/** One byte per item (ISTATR, OSTATR, RSTATR). */
export function byteListCodec<T extends { code: number }, K extends Exclude<keyof T, 'code'>>(
  code: T['code'],
  field: K,
): PayloadCodec<T> {
  return {
    encode: (message) => {
      const writer = new ByteWriter();
      (message[field] as number[]).forEach((value, i) => writer.u8(`${String(field)}[${i}]`, value));
      return writer.toBuffer();
    },
    decode: (data) => ({ code, [field]: [...data] }) as T,
  };
}
