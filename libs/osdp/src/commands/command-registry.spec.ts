import { CommandCode } from '../constants.js';
import { decodeFrame } from '../frame/frame-codec.js';
import { BioFormat, BioType, BuzzerTone, LedColor, OutputControlCode, TextCommandCode } from '../payload/payload-enums.js';
import { hex } from '../test-vectors/hex.js';
import { TRACE_OUT_PLAINTEXT } from '../test-vectors/libosdp-trace.js';
import { CRC_VECTORS, LIBOSDP_FRAMES } from '../test-vectors/sia-annex-e.js';
import type { OsdpCommand } from './command.types.js';
import { decodeCommand, encodeCommand } from './command-registry.js';

/** One example of every supported command with its expected data bytes. */
const EXAMPLES: ReadonlyArray<[string, OsdpCommand, string]> = [
  ['POLL', { code: CommandCode.Poll }, ''],
  ['ID', { code: CommandCode.Id, replyType: 0 }, '00'],
  ['CAP', { code: CommandCode.Cap, replyType: 0 }, '00'],
  ['LSTAT', { code: CommandCode.Lstat }, ''],
  ['ISTAT', { code: CommandCode.Istat }, ''],
  ['OSTAT', { code: CommandCode.Ostat }, ''],
  ['RSTAT', { code: CommandCode.Rstat }, ''],
  ['ABORT', { code: CommandCode.Abort }, ''],
  [
    'OUT',
    {
      code: CommandCode.Out,
      outputs: [
        { outputNo: 0, controlCode: OutputControlCode.TemporaryOn, timer100ms: 30 },
        { outputNo: 1, controlCode: OutputControlCode.PermanentOffAbortTimed, timer100ms: 0x1234 },
      ],
    },
    '00 05 1e 00 01 01 34 12',
  ],
  [
    'LED',
    {
      code: CommandCode.Led,
      leds: [
        {
          reader: 0,
          ledNo: 1,
          temporary: { control: 2, onTime100ms: 5, offTime100ms: 6, onColor: LedColor.Green, offColor: LedColor.Black, timer100ms: 0x0102 },
          permanent: { control: 1, onTime100ms: 1, offTime100ms: 0, onColor: LedColor.Red, offColor: LedColor.Black },
        },
      ],
    },
    '00 01 02 05 06 02 00 02 01 01 01 00 01 00',
  ],
  [
    'BUZ',
    { code: CommandCode.Buz, buzzers: [{ reader: 0, tone: BuzzerTone.Default, onTime100ms: 2, offTime100ms: 1, repeatCount: 3 }] },
    '00 02 02 01 03',
  ],
  [
    'TEXT',
    { code: CommandCode.Text, reader: 0, command: TextCommandCode.PermanentNoWrap, tempTimeSec: 0, row: 1, column: 1, text: 'Hi' },
    '00 01 00 01 01 02 48 69',
  ],
  ['COMSET', { code: CommandCode.Comset, address: 0, baudRate: 9600 }, '00 80 25 00 00'],
  ['KEYSET', { code: CommandCode.Keyset, keyType: 1, key: hex('000102030405060708090a0b0c0d0e0f') }, '01 10 000102030405060708090a0b0c0d0e0f'],
  ['CHLNG', { code: CommandCode.Chlng, rndA: hex('b0b1b2b3b4b5b6b7') }, 'b0b1b2b3b4b5b6b7'],
  ['SCRYPT', { code: CommandCode.Scrypt, serverCryptogram: hex('26d3356e07762d262801fc8e6665a891') }, '26d3356e07762d262801fc8e6665a891'],
  [
    'BIOREAD',
    { code: CommandCode.Bioread, reader: 0, bioType: BioType.NotSpecified, bioFormat: BioFormat.NotSpecified, quality: 0x50 },
    '00 00 00 50',
  ],
  [
    'BIOMATCH',
    { code: CommandCode.Biomatch, reader: 0, bioType: 0, bioFormat: 2, qualityThreshold: 0x40, template: hex('aa bb cc') },
    '00 00 02 40 03 00 aa bb cc',
  ],
  ['ACURXSIZE', { code: CommandCode.AcuRxSize, maxReplySize: 1440 }, 'a0 05'],
  ['KEEPACTIVE', { code: CommandCode.KeepActive, keepActiveMs: 8000 }, '40 1f'],
  ['MFG', { code: CommandCode.Mfg, vendorCode: 0x0a0b0c, data: hex('01 02') }, '0c 0b 0a 01 02'],
];

describe(encodeCommand.name, () => {
  it.each(EXAMPLES)('should encode %s', (_name, command, data) => {
    expect(encodeCommand(command)).toEqual({ code: command.code, data: hex(data) });
  });

  it('should default ID/CAP reply type to 0x00', () => {
    expect(encodeCommand({ code: CommandCode.Id }).data).toEqual(Buffer.of(0));
  });

  it.each([
    ['an output number above 255', { code: CommandCode.Out, outputs: [{ outputNo: 256, controlCode: 1, timer100ms: 0 }] }],
    ['a negative timer', { code: CommandCode.Out, outputs: [{ outputNo: 0, controlCode: 1, timer100ms: -1 }] }],
    ['an empty OUT', { code: CommandCode.Out, outputs: [] }],
    ['a short RND.A', { code: CommandCode.Chlng, rndA: Buffer.alloc(7) }],
    ['non-latin1 text', { code: CommandCode.Text, reader: 0, command: 1, tempTimeSec: 0, row: 1, column: 1, text: '入' }],
    ['an unsupported code', { code: 0x63 }],
  ])('should throw RangeError for %s', (_name, command) => {
    expect(() => encodeCommand(command as OsdpCommand)).toThrow(RangeError);
  });
});

describe(decodeCommand.name, () => {
  it.each(EXAMPLES)('should round-trip %s', (_name, command) => {
    const { code, data } = encodeCommand(command);
    expect(decodeCommand(code, data)).toEqual({ ok: true, command: { ...command } });
  });

  it('should decode the Annex E broadcast COMSET frame', () => {
    const body = CRC_VECTORS[0].body;
    const decoded = decodeFrame(Buffer.concat([body, CRC_VECTORS[0].check]));
    if (!decoded.ok) throw new Error(decoded.error.detail);
    expect(decodeCommand(decoded.frame.code, decoded.frame.data)).toEqual({
      ok: true,
      command: { code: CommandCode.Comset, address: 0, baudRate: 9600 },
    });
  });

  it('should decode the libosdp ID frame', () => {
    const decoded = decodeFrame(LIBOSDP_FRAMES.id);
    if (!decoded.ok) throw new Error(decoded.error.detail);
    expect(decodeCommand(decoded.frame.code, decoded.frame.data)).toEqual({ ok: true, command: { code: CommandCode.Id, replyType: 0 } });
  });

  it('should decode the trace OUT plaintext as a 3 s strike pulse', () => {
    expect(decodeCommand(CommandCode.Out, TRACE_OUT_PLAINTEXT)).toEqual({
      ok: true,
      command: { code: CommandCode.Out, outputs: [{ outputNo: 0, controlCode: OutputControlCode.TemporaryOn, timer100ms: 30 }] },
    });
  });

  it('should tolerate an ID without its data byte', () => {
    expect(decodeCommand(CommandCode.Id, Buffer.alloc(0))).toEqual({ ok: true, command: { code: CommandCode.Id, replyType: 0 } });
  });

  it('should return unknown-code with the data kept', () => {
    expect(decodeCommand(CommandCode.Diag, hex('01 02'))).toEqual({
      ok: false,
      error: { kind: 'unknown-code', code: CommandCode.Diag, data: hex('01 02'), detail: expect.any(String) },
    });
  });

  it.each([
    ['POLL with data', CommandCode.Poll, '00'],
    ['ID with two bytes', CommandCode.Id, '00 00'],
    ['OUT with 3 bytes', CommandCode.Out, '00 05 1e'],
    ['empty OUT', CommandCode.Out, ''],
    ['LED with 13 bytes', CommandCode.Led, '00'.repeat(13)],
    ['BUZ with 6 bytes', CommandCode.Buz, '00'.repeat(6)],
    ['TEXT with a wrong length byte', CommandCode.Text, '00 01 00 01 01 05 48 69'],
    ['short COMSET', CommandCode.Comset, '00 80 25 00'],
    ['KEYSET with a wrong key length', CommandCode.Keyset, '01 10 00 01'],
    ['short CHLNG', CommandCode.Chlng, '00'.repeat(7)],
    ['long SCRYPT', CommandCode.Scrypt, '00'.repeat(17)],
    ['short BIOREAD', CommandCode.Bioread, '00 00 00'],
    ['BIOMATCH with a wrong template length', CommandCode.Biomatch, '00 00 00 00 05 00 aa'],
    ['short ACURXSIZE', CommandCode.AcuRxSize, '05'],
    ['long KEEPACTIVE', CommandCode.KeepActive, '00 00 00'],
    ['MFG without an OUI', CommandCode.Mfg, '0c 0b'],
  ])('should report bad-length for %s', (_name, code, data) => {
    expect(decodeCommand(code, hex(data))).toMatchObject({ ok: false, error: { kind: 'bad-length', code } });
  });
});
