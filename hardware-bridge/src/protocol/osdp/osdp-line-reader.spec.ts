import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandCode, encodeFrame, type OsdpFrame } from '#osdp';
import { FakeClock } from '../../testing/fake-clock.js';
import { OsdpLineReader } from './osdp-line-reader.js';
import { FilePacketTrace, formatTraceLine, NO_TRACE } from './packet-trace.js';

const poll = (address: number): Buffer =>
  encodeFrame({ address, isReply: false, sequence: 1, useCrc: true, code: CommandCode.Poll, data: Buffer.alloc(0) }, { mark: true });

describe(OsdpLineReader.name, () => {
  const setup = () => {
    const clock = new FakeClock();
    const frames: OsdpFrame[] = [];
    const damaged: string[] = [];
    const sut = new OsdpLineReader({ frame: (f) => frames.push(f), damaged: (kind) => damaged.push(kind) }, clock, NO_TRACE);
    return { clock, frames, damaged, sut };
  };

  it('should deliver frames split across chunks', () => {
    const { frames, sut } = setup();
    const bytes = Buffer.concat([poll(1), poll(2)]);
    for (let i = 0; i < bytes.length; i += 3) sut.push(bytes.subarray(i, i + 3));
    expect(frames.map((f) => f.address)).toEqual([1, 2]);
  });

  it('should reset after the inter-character timeout so a false SOM cannot swallow the next frame', async () => {
    const { clock, frames, damaged, sut } = setup();
    // A false SOM announcing 0x400 bytes, then a real frame in the same burst.
    sut.push(Buffer.concat([Buffer.from([0x53, 0x01, 0x00, 0x04, 0x05]), poll(3)]));
    expect(frames).toEqual([]);
    await clock.advance(19);
    expect(frames).toEqual([]);
    await clock.advance(1);
    expect(damaged).toContain('truncated');
    expect(frames.map((f) => f.address)).toEqual([3]);
  });

  it('should report a frame with a bad CRC as damaged and find the next one', () => {
    const { frames, damaged, sut } = setup();
    const bad = poll(4);
    bad[bad.length - 1] ^= 0xff;
    sut.push(Buffer.concat([bad, poll(5)]));
    expect(damaged).toEqual(['bad-crc']);
    expect(frames.map((f) => f.address)).toEqual([5]);
  });
});

describe('packet trace', () => {
  it('should format one line per frame: ISO time, direction, hex', () => {
    expect(formatTraceLine(Date.parse('2026-11-25T01:02:03.004Z'), 'TX', Buffer.from([0xff, 0x53, 0x65]))).toBe('2026-11-25T01:02:03.004Z TX ff 53 65\n');
  });

  it('should append to the trace file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'));
    const path = join(dir, 'sub', 'bus-1.trace');
    const clock = new FakeClock();
    const trace = new FilePacketTrace(path, clock);
    trace.record('TX', poll(1));
    trace.record('RX-ERR', 'bad-crc 53e5');
    await trace.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toEqual([
      `2026-04-01T00:00:00.000Z TX ${[...poll(1)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
      '2026-04-01T00:00:00.000Z RX-ERR bad-crc 53e5',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
