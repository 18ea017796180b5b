import { checksum } from '../checksum.js';
import {
  ADDRESS_MASK,
  carriesMac,
  CTRL_CRC,
  CTRL_SCB,
  CTRL_SEQUENCE_MASK,
  HEADER_LENGTH,
  MAC_LENGTH,
  MARK,
  REPLY_ADDRESS_FLAG,
  SOM,
} from '../constants.js';
import { crc16 } from '../crc16.js';
import type { DecodeFrameResult, EncodeFrameOptions, FrameError, FrameErrorKind, OsdpFrame } from './frame.js';

const checkLength = (useCrc: boolean): number => (useCrc ? 2 : 1);

function assertByte(name: string, value: number, max = 0xff): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer 0..${max}, got ${value}`);
  }
}

function validateFields(frame: OsdpFrame): void {
  assertByte('address', frame.address, ADDRESS_MASK);
  assertByte('sequence', frame.sequence, CTRL_SEQUENCE_MASK);
  assertByte('code', frame.code);
  const block = frame.securityBlock;
  if (block) {
    assertByte('securityBlock.type', block.type);
    if (block.data.length > 0xff - 2) throw new RangeError('securityBlock.data too long');
  }
}

function validateMac(frame: OsdpFrame): void {
  const block = frame.securityBlock;
  const wantsMac = block !== undefined && carriesMac(block.type);
  if (wantsMac !== (frame.mac !== undefined)) {
    throw new RangeError('mac must be present exactly for SCS 0x15–0x18 frames');
  }
  if (frame.mac && frame.mac.length !== MAC_LENGTH) throw new RangeError('mac must be 4 bytes');
}

/**
 * Bytes SOM…last data byte with LEN already counting MAC and check bytes.
 * This is both the prefix of the encoded frame and the MAC input (docs/osdp.md §A8).
 */
export function encodeFrameBody(frame: OsdpFrame): Buffer {
  validateFields(frame);
  const block = frame.securityBlock;
  const blockLength = block ? 2 + block.data.length : 0;
  const macLength = block && carriesMac(block.type) ? MAC_LENGTH : 0;
  const bodyLength = HEADER_LENGTH + blockLength + 1 + frame.data.length;
  const totalLength = bodyLength + macLength + checkLength(frame.useCrc);
  if (totalLength > 0xffff) throw new RangeError(`frame too long (${totalLength} bytes)`);

  const body = Buffer.alloc(bodyLength);
  body[0] = SOM;
  body[1] = frame.address | (frame.isReply ? REPLY_ADDRESS_FLAG : 0);
  body.writeUInt16LE(totalLength, 2);
  body[4] = frame.sequence | (frame.useCrc ? CTRL_CRC : 0) | (block ? CTRL_SCB : 0);
  let pos = HEADER_LENGTH;
  if (block) {
    body[pos] = blockLength;
    body[pos + 1] = block.type;
    block.data.copy(body, pos + 2);
    pos += blockLength;
  }
  body[pos] = frame.code;
  frame.data.copy(body, pos + 1);
  return body;
}

/** Serialises a frame. Throws RangeError on out-of-range fields (a programming error, not line noise). */
export function encodeFrame(frame: OsdpFrame, options: EncodeFrameOptions = {}): Buffer {
  validateMac(frame);
  const body = encodeFrameBody(frame);
  const withMac = frame.mac ? Buffer.concat([body, frame.mac]) : body;
  let check: Buffer;
  if (frame.useCrc) {
    check = Buffer.alloc(2);
    check.writeUInt16LE(crc16(withMac));
  } else {
    check = Buffer.of(checksum(withMac));
  }
  const parts = options.mark === false ? [withMac, check] : [Buffer.of(MARK), withMac, check];
  return Buffer.concat(parts);
}

const fail = (kind: FrameErrorKind, detail: string): { ok: false; error: FrameError } => ({
  ok: false,
  error: { kind, detail },
});

/**
 * Decodes exactly one frame (optionally preceded by any number of 0xFF marks).
 * Never throws: every problem is returned as a FrameError.
 */
export function decodeFrame(input: Uint8Array): DecodeFrameResult {
  let start = 0;
  while (start < input.length && input[start] === MARK) start++;
  const buf = Buffer.from(input.buffer, input.byteOffset + start, input.length - start);
  if (buf.length === 0) return fail('truncated', 'no bytes after mark');
  if (buf[0] !== SOM) return fail('bad-som', `expected 0x53, got 0x${buf[0]!.toString(16).padStart(2, '0')}`);
  if (buf.length < HEADER_LENGTH) return fail('truncated', `header needs 5 bytes, got ${buf.length}`);

  const length = buf.readUInt16LE(2);
  const ctrl = buf[4]!;
  const useCrc = (ctrl & CTRL_CRC) !== 0;
  const check = checkLength(useCrc);
  if (length < HEADER_LENGTH + 1 + check) return fail('bad-length', `LEN ${length} below minimum`);
  if (buf.length < length) return fail('truncated', `LEN ${length}, got ${buf.length} bytes`);
  if (buf.length > length) return fail('bad-length', `LEN ${length}, got ${buf.length} bytes`);

  const checked = buf.subarray(0, length - check);
  if (useCrc) {
    const expected = crc16(checked);
    const actual = buf.readUInt16LE(length - 2);
    if (expected !== actual) return fail('bad-crc', `CRC 0x${actual.toString(16)} != 0x${expected.toString(16)}`);
  } else {
    const expected = checksum(checked);
    const actual = buf[length - 1]!;
    if (expected !== actual) return fail('bad-checksum', `checksum 0x${actual.toString(16)} != 0x${expected.toString(16)}`);
  }

  const contentEnd = length - check;
  let pos = HEADER_LENGTH;
  let securityBlock: OsdpFrame['securityBlock'];
  if (ctrl & CTRL_SCB) {
    const blockLength = buf[pos]!;
    // The block must leave room for the code byte.
    if (blockLength < 2 || pos + blockLength >= contentEnd) {
      return fail('bad-security-block', `SEC_BLK_LEN ${blockLength} does not fit`);
    }
    securityBlock = { type: buf[pos + 1]!, data: Buffer.from(buf.subarray(pos + 2, pos + blockLength)) };
    pos += blockLength;
  }
  if (pos >= contentEnd) return fail('bad-length', 'no command/reply code');
  const code = buf[pos]!;
  pos += 1;
  const macLength = securityBlock && carriesMac(securityBlock.type) ? MAC_LENGTH : 0;
  const dataEnd = contentEnd - macLength;
  if (dataEnd < pos) return fail('bad-length', 'frame too short for its MAC');

  const frame: OsdpFrame = {
    address: buf[1]! & ADDRESS_MASK,
    isReply: (buf[1]! & REPLY_ADDRESS_FLAG) !== 0,
    sequence: ctrl & CTRL_SEQUENCE_MASK,
    useCrc,
    code,
    data: Buffer.from(buf.subarray(pos, dataEnd)),
  };
  if (securityBlock) frame.securityBlock = securityBlock;
  if (macLength) frame.mac = Buffer.from(buf.subarray(dataEnd, contentEnd));
  return { ok: true, frame, hadMark: start > 0 };
}
