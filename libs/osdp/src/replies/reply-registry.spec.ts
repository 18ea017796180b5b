import { NakCode, ReplyCode } from '../constants.js';
import { decodeFrame } from '../frame/frame-codec.js';
import { BioStatus, CapabilityFunction, RawCardFormat } from '../payload/payload-enums.js';
import { hex } from '../test-vectors/hex.js';
import { TRACE, TRACE_KEYPAD_PLAINTEXT } from '../test-vectors/libosdp-trace.js';
import { LIBOSDP_FRAMES } from '../test-vectors/sia-annex-e.js';
import type { OsdpReply } from './reply.types.js';
import { decodeReply, encodeReply } from './reply-registry.js';

const EXAMPLES: ReadonlyArray<[string, OsdpReply, string]> = [
  ['ACK', { code: ReplyCode.Ack }, ''],
  ['BUSY', { code: ReplyCode.Busy }, ''],
  ['NAK', { code: ReplyCode.Nak, nakCode: NakCode.EncryptionRequired, extra: Buffer.alloc(0) }, '06'],
  ['NAK with extra data', { code: ReplyCode.Nak, nakCode: NakCode.BioTypeNotSupported, extra: hex('01 02') }, '07 01 02'],
  [
    'PDID',
    { code: ReplyCode.PdId, vendorCode: 0xfebabe, model: 1, version: 1, serialNumber: 0xdeadbeaf, firmware: { major: 0xad, minor: 0xde, build: 0xad } },
    'be ba fe 01 01 af be ad de ad de ad',
  ],
  [
    'PDCAP',
    {
      code: ReplyCode.PdCap,
      capabilities: [
        { functionCode: CapabilityFunction.OutputControl, compliance: 1, numItems: 1 },
        { functionCode: CapabilityFunction.CommunicationSecurity, compliance: 1, numItems: 0 },
      ],
    },
    '02 01 01 09 01 00',
  ],
  ['LSTATR', { code: ReplyCode.Lstatr, tamper: 1, power: 0 }, '01 00'],
  ['ISTATR', { code: ReplyCode.Istatr, inputs: [0, 1, 0] }, '00 01 00'],
  ['OSTATR', { code: ReplyCode.Ostatr, outputs: [1] }, '01'],
  ['RSTATR', { code: ReplyCode.Rstatr, readers: [0, 2] }, '00 02'],
  ['RAW', { code: ReplyCode.Raw, reader: 0, format: RawCardFormat.Wiegand, bitCount: 26, data: hex('01 02 03 c0') }, '00 01 1a 00 01 02 03 c0'],
  ['KEYPAD', { code: ReplyCode.Keypad, reader: 0, digits: '12*#' }, '00 04 31 32 7f 0d'],
  ['COM', { code: ReplyCode.Com, address: 0x65, baudRate: 115200 }, '65 00 c2 01 00'],
  [
    'BIOREADR',
    { code: ReplyCode.BioReadR, reader: 0, status: BioStatus.Success, bioType: 0, quality: 0x99, template: hex('de ad') },
    '00 00 00 99 02 00 de ad',
  ],
  ['BIOMATCHR', { code: ReplyCode.BioMatchR, reader: 0, status: BioStatus.Success, score: 0xff }, '00 00 ff'],
  [
    'CCRYPT',
    { code: ReplyCode.Ccrypt, cUid: hex('0001020304050607'), rndB: hex('a0a1a2a3a4a5a6a7'), clientCryptogram: hex('fde5d2f428ec16312471ea3c02bd7796') },
    '0001020304050607 a0a1a2a3a4a5a6a7 fde5d2f428ec16312471ea3c02bd7796',
  ],
  ['RMAC_I', { code: ReplyCode.RmacI, rmacI: hex('b2a30057eb98ba2229ec1f875662b524') }, 'b2a30057eb98ba2229ec1f875662b524'],
  ['MFGREP', { code: ReplyCode.MfgRep, vendorCode: 0x123456, data: hex('ff') }, '56 34 12 ff'],
];

const traceFrame = (label: string) => {
  const decoded = decodeFrame(TRACE.find((s) => s.label === label)!.bytes);
  if (!decoded.ok) throw new Error(decoded.error.detail);
  return decoded.frame;
};

describe(encodeReply.name, () => {
  it.each(EXAMPLES)('should encode %s', (_name, reply, data) => {
    expect(encodeReply(reply)).toEqual({ code: reply.code, data: hex(data) });
  });

  it.each([
    ['a multi-byte keypad character', { code: ReplyCode.Keypad, reader: 0, digits: '€' }],
    ['RAW data shorter than its bit count', { code: ReplyCode.Raw, reader: 0, format: 1, bitCount: 26, data: hex('01') }],
    ['a 7-byte cUID', { code: ReplyCode.Ccrypt, cUid: Buffer.alloc(7), rndB: Buffer.alloc(8), clientCryptogram: Buffer.alloc(16) }],
    ['a vendor code above 24 bits', { code: ReplyCode.MfgRep, vendorCode: 0x1000000, data: Buffer.alloc(0) }],
  ])('should throw RangeError for %s', (_name, reply) => {
    expect(() => encodeReply(reply as OsdpReply)).toThrow(RangeError);
  });
});

describe(decodeReply.name, () => {
  it.each(EXAMPLES)('should round-trip %s', (_name, reply) => {
    const { code, data } = encodeReply(reply);
    expect(decodeReply(code, data)).toEqual({ ok: true, reply });
  });

  it('should decode the trace PDID', () => {
    const frame = traceFrame('PDID');
    expect(decodeReply(frame.code, frame.data)).toEqual({ ok: true, reply: EXAMPLES[4]![1] });
  });

  it('should decode the trace PDCAP', () => {
    const frame = traceFrame('PDCAP');
    const result = decodeReply(frame.code, frame.data);
    expect(result).toMatchObject({ ok: true, reply: { code: ReplyCode.PdCap } });
    if (result.ok && result.reply.code === ReplyCode.PdCap) {
      expect(result.reply.capabilities).toHaveLength(6);
      expect(result.reply.capabilities.at(-1)).toEqual({ functionCode: CapabilityFunction.OsdpVersion, compliance: 2, numItems: 0 });
    }
  });

  it('should decode the trace KEYPAD plaintext with # for 0x0D', () => {
    expect(decodeReply(ReplyCode.Keypad, TRACE_KEYPAD_PLAINTEXT)).toEqual({
      ok: true,
      reply: { code: ReplyCode.Keypad, reader: 0, digits: '1234#' },
    });
  });

  it('should decode the libosdp checksum ACK', () => {
    const decoded = decodeFrame(LIBOSDP_FRAMES.ack);
    expect(decoded.ok && decodeReply(decoded.frame.code, decoded.frame.data)).toEqual({ ok: true, reply: { code: ReplyCode.Ack } });
  });

  it('should keep unknown NAK codes as numbers', () => {
    expect(decodeReply(ReplyCode.Nak, hex('80'))).toEqual({ ok: true, reply: { code: ReplyCode.Nak, nakCode: 0x80, extra: Buffer.alloc(0) } });
  });

  it.each([
    ['FMT (deprecated)', ReplyCode.Fmt, '00 01 02'],
    ['FTSTAT', ReplyCode.FtStat, '00'],
    ['a command code', 0x60, ''],
  ])('should return unknown-code for %s', (_name, code, data) => {
    expect(decodeReply(code, hex(data))).toMatchObject({ ok: false, error: { kind: 'unknown-code', code, data: hex(data) } });
  });

  it.each([
    ['ACK with data', ReplyCode.Ack, '00'],
    ['empty NAK', ReplyCode.Nak, ''],
    ['PDID of 11 bytes', ReplyCode.PdId, '00'.repeat(11)],
    ['PDCAP of 4 bytes', ReplyCode.PdCap, '01 01 01 02'],
    ['LSTATR of 3 bytes', ReplyCode.Lstatr, '00 00 00'],
    ['RAW shorter than its bit count', ReplyCode.Raw, '00 01 1a 00 01 02'],
    ['KEYPAD with a wrong digit count', ReplyCode.Keypad, '00 05 31 32'],
    ['COM of 4 bytes', ReplyCode.Com, '00 00 00 00'],
    ['BIOREADR with a wrong template length', ReplyCode.BioReadR, '00 00 00 00 01 00'],
    ['BIOMATCHR of 2 bytes', ReplyCode.BioMatchR, '00 00'],
    ['CCRYPT of 31 bytes', ReplyCode.Ccrypt, '00'.repeat(31)],
    ['RMAC_I of 15 bytes', ReplyCode.RmacI, '00'.repeat(15)],
    ['MFGREP without an OUI', ReplyCode.MfgRep, '01'],
  ])('should report bad-length for %s', (_name, code, data) => {
    expect(decodeReply(code, hex(data))).toMatchObject({ ok: false, error: { kind: 'bad-length', code } });
  });
});
