import { CommandCode } from '../constants.js';
import { hex } from '../test-vectors/hex.js';
import { TRACE } from '../test-vectors/libosdp-trace.js';
import { LIBOSDP_FRAMES } from '../test-vectors/sia-annex-e.js';
import { FrameSplitter, type SplitResult } from './frame-splitter.js';

const frames = (results: SplitResult[]): Buffer[] =>
  results.flatMap((r) => (r.type === 'frame' ? [r.raw] : []));
const withoutMark = (bytes: Buffer): Buffer => (bytes[0] === 0xff ? bytes.subarray(1) : bytes);

describe(FrameSplitter.name, () => {
  let sut: FrameSplitter;

  beforeEach(() => {
    sut = new FrameSplitter();
  });

  it('should return every frame of the captured trace fed in one chunk', () => {
    const results = sut.push(Buffer.concat(TRACE.map((s) => s.bytes)));
    expect(results.every((r) => r.type === 'frame' && r.hadMark)).toBe(true);
    expect(frames(results)).toEqual(TRACE.map((s) => withoutMark(s.bytes)));
    expect(sut.pendingLength).toBe(0);
  });

  it('should reassemble frames fed one byte at a time', () => {
    const stream = Buffer.concat(TRACE.map((s) => s.bytes));
    const results = [...stream].flatMap((byte) => sut.push(Buffer.of(byte)));
    expect(frames(results)).toEqual(TRACE.map((s) => withoutMark(s.bytes)));
  });

  it('should report whether a mark preceded the frame', () => {
    const results = sut.push(Buffer.concat([LIBOSDP_FRAMES.ack, LIBOSDP_FRAMES.poll]));
    expect(results.map((r) => r.type === 'frame' && r.hadMark)).toEqual([false, true]);
  });

  it('should skip garbage and count it, ignoring extra marks', () => {
    const results = sut.push(Buffer.concat([hex('00 01 02 ff ff'), LIBOSDP_FRAMES.id]));
    expect(results).toMatchObject([
      { type: 'garbage', skipped: 3 },
      { type: 'frame', hadMark: true, frame: { code: CommandCode.Id } },
    ]);
  });

  it('should report a bad CRC and resynchronise on the next SOM', () => {
    const bad = Buffer.from(LIBOSDP_FRAMES.poll);
    bad[bad.length - 1] ^= 0x01;
    const results = sut.push(Buffer.concat([bad, LIBOSDP_FRAMES.id]));
    expect(results[0]).toMatchObject({ type: 'error', error: { kind: 'bad-crc' } });
    expect(results.at(-1)).toMatchObject({ type: 'frame', frame: { code: CommandCode.Id } });
  });

  it('should find a frame that starts inside a false frame', () => {
    // A false SOM whose LEN (0x0c) swallows the start of the real frame.
    const results = sut.push(Buffer.concat([hex('53 00 0c 00 04'), LIBOSDP_FRAMES.poll]));
    expect(results[0]).toMatchObject({ type: 'error', error: { kind: 'bad-crc' } });
    expect(frames(results)).toEqual([withoutMark(LIBOSDP_FRAMES.poll)]);
  });

  it('should reject a LEN above the maximum without waiting for it', () => {
    sut = new FrameSplitter({ maxFrameLength: 64 });
    const results = sut.push(Buffer.concat([hex('53 00 41 00 04'), LIBOSDP_FRAMES.poll]));
    expect(results[0]).toMatchObject({ type: 'error', error: { kind: 'too-long' } });
    expect(frames(results)).toHaveLength(1);
  });

  it('should reject a LEN below the minimum', () => {
    const results = sut.push(Buffer.concat([hex('53 00 02 00 04'), LIBOSDP_FRAMES.poll]));
    expect(results[0]).toMatchObject({ type: 'error', error: { kind: 'bad-length' } });
    expect(frames(results)).toHaveLength(1);
  });

  it('should hold a partial frame until the rest arrives', () => {
    expect(sut.push(LIBOSDP_FRAMES.id.subarray(0, 6))).toEqual([]);
    expect(sut.pendingLength).toBe(5);
    expect(frames(sut.push(LIBOSDP_FRAMES.id.subarray(6)))).toHaveLength(1);
  });

  describe('reset', () => {
    it('should abandon a partial frame and leave the splitter empty', () => {
      sut.push(LIBOSDP_FRAMES.id.subarray(0, 6));
      expect(sut.reset()).toMatchObject([{ type: 'error', error: { kind: 'truncated' } }]);
      expect(sut.pendingLength).toBe(0);
      expect(frames(sut.push(LIBOSDP_FRAMES.poll))).toHaveLength(1);
    });

    it('should deliver a complete frame hidden behind a false SOM with a long LEN', () => {
      // 53 00 40 00 looks like the start of a 64-byte frame and swallows the POLL.
      expect(frames(sut.push(Buffer.concat([hex('53 00 40 00 04'), LIBOSDP_FRAMES.poll])))).toEqual([]);
      expect(frames(sut.reset())).toEqual([withoutMark(LIBOSDP_FRAMES.poll)]);
    });
  });
});
