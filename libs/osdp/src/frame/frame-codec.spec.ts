import { CommandCode, ReplyCode, ScsType } from '../constants.js';
import { CHECKSUM_VECTORS, CRC_VECTORS, LIBOSDP_FRAMES } from '../test-vectors/sia-annex-e.js';
import { hex } from '../test-vectors/hex.js';
import type { OsdpFrame } from './frame.js';
import { decodeFrame, encodeFrame, encodeFrameBody } from './frame-codec.js';

const poll: OsdpFrame = { address: 0x65, isReply: false, sequence: 0, useCrc: true, code: CommandCode.Poll, data: Buffer.alloc(0) };

describe(encodeFrame.name, () => {
  it('should produce the libosdp POLL frame with mark', () => {
    expect(encodeFrame(poll)).toEqual(LIBOSDP_FRAMES.poll);
  });

  it('should produce the libosdp ID frame', () => {
    expect(encodeFrame({ ...poll, code: CommandCode.Id, data: Buffer.of(0) })).toEqual(LIBOSDP_FRAMES.id);
  });

  it('should produce the libosdp ACK frame with checksum and no mark', () => {
    const ack: OsdpFrame = { address: 0x65, isReply: true, sequence: 1, useCrc: false, code: ReplyCode.Ack, data: Buffer.alloc(0) };
    expect(encodeFrame(ack, { mark: false })).toEqual(LIBOSDP_FRAMES.ack);
  });

  it.each([
    ['CRC', CRC_VECTORS[0].body, CRC_VECTORS[0].check, true],
    ['checksum', CHECKSUM_VECTORS[0].body, Buffer.of(CHECKSUM_VECTORS[0].check), false],
  ] as const)('should reproduce the Annex E broadcast COMSET (%s)', (_mode, body, check, useCrc) => {
    const frame: OsdpFrame = {
      address: 0x7f,
      isReply: false,
      sequence: 0,
      useCrc,
      code: CommandCode.Comset,
      data: hex('00 80 25 00 00'),
    };
    expect(encodeFrame(frame, { mark: false })).toEqual(Buffer.concat([body, check]));
  });

  it.each([
    ['address', { address: 0x80 }],
    ['sequence', { sequence: 4 }],
    ['code', { code: 256 }],
    ['mac without SCB', { mac: Buffer.alloc(4) }],
    ['SCS_15 without mac', { securityBlock: { type: ScsType.Scs15, data: Buffer.alloc(0) } }],
    ['short mac', { securityBlock: { type: ScsType.Scs15, data: Buffer.alloc(0) }, mac: Buffer.alloc(3) }],
  ] as const)('should reject an invalid %s', (_name, patch) => {
    expect(() => encodeFrame({ ...poll, ...patch } as OsdpFrame)).toThrow(RangeError);
  });
});

describe(encodeFrameBody.name, () => {
  it('should count MAC and check bytes in LEN', () => {
    const body = encodeFrameBody({ ...poll, securityBlock: { type: ScsType.Scs15, data: Buffer.alloc(0) } });
    expect(body).toEqual(hex('53 65 0e 00 0c 02 15 60'));
  });
});

describe(decodeFrame.name, () => {
  it('should decode the libosdp POLL frame', () => {
    expect(decodeFrame(LIBOSDP_FRAMES.poll)).toEqual({ ok: true, frame: poll, hadMark: true });
  });

  it('should decode without mark and with several marks', () => {
    expect(decodeFrame(LIBOSDP_FRAMES.ack)).toMatchObject({
      ok: true,
      hadMark: false,
      frame: { address: 0x65, isReply: true, sequence: 1, useCrc: false, code: ReplyCode.Ack },
    });
    const marked = Buffer.concat([hex('ff ff ff'), LIBOSDP_FRAMES.id]);
    expect(decodeFrame(marked)).toMatchObject({ ok: true, hadMark: true, frame: { code: CommandCode.Id, data: Buffer.of(0) } });
  });

  it('should split a secure frame into security block, data and MAC', () => {
    const result = decodeFrame(hex('ff 53 65 0e 00 0e 02 15 60 a5 fe c4 5c 92 49'));
    expect(result).toEqual({
      ok: true,
      hadMark: true,
      frame: {
        address: 0x65,
        isReply: false,
        sequence: 2,
        useCrc: true,
        securityBlock: { type: ScsType.Scs15, data: Buffer.alloc(0) },
        code: CommandCode.Poll,
        data: Buffer.alloc(0),
        mac: hex('a5 fe c4 5c'),
      },
    });
  });

  it('should round-trip frames with a security block carrying data', () => {
    const frame: OsdpFrame = {
      ...poll,
      sequence: 3,
      useCrc: false,
      securityBlock: { type: ScsType.Scs11, data: Buffer.of(1) },
      code: CommandCode.Chlng,
      data: hex('0102030405060708'),
    };
    expect(decodeFrame(encodeFrame(frame))).toEqual({ ok: true, frame, hadMark: true });
  });

  it.each([
    ['empty', '', 'truncated'],
    ['only marks', 'ff ff', 'truncated'],
    ['wrong SOM', '54 65 08 00 04 60 60 90', 'bad-som'],
    ['short header', '53 65 08', 'truncated'],
    ['short body', '53 65 08 00 04 60 60', 'truncated'],
    ['trailing bytes', '53 65 08 00 04 60 60 90 00', 'bad-length'],
    ['LEN below minimum', '53 65 03 00 04', 'bad-length'],
    ['bad CRC', '53 65 08 00 04 60 60 91', 'bad-crc'],
    ['bad checksum', '53 e5 07 00 01 40 81', 'bad-checksum'],
  ])('should report %s', (_name, bytes, kind) => {
    const result = decodeFrame(hex(bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });

  it('should reject a security block that swallows the code byte', () => {
    // SEC_BLK_LEN 3 leaves no room for a code before the checksum.
    const body = hex('53 65 09 00 08 03 11 01');
    const result = decodeFrame(Buffer.concat([body, Buffer.of(checksumOf(body))]));
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-security-block' } });
  });

  it('should reject an SCS_15 frame too short for its MAC', () => {
    const body = hex('53 65 0a 00 08 02 15 60 00');
    const result = decodeFrame(Buffer.concat([body, Buffer.of(checksumOf(body))]));
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });
});

function checksumOf(bytes: Buffer): number {
  return (0x100 - (bytes.reduce((a, b) => a + b, 0) & 0xff)) & 0xff;
}
