import fc from 'fast-check';
import { encodeCommand, decodeCommand } from './commands/command-registry.js';
import { CommandCode, ReplyCode, ScsType } from './constants.js';
import type { OsdpFrame } from './frame/frame.js';
import { decodeFrame, encodeFrame } from './frame/frame-codec.js';
import { FrameSplitter, type SplitResult } from './frame/frame-splitter.js';
import { decodeReply, encodeReply } from './replies/reply-registry.js';
import { openSecureChannel, unwrapCommand, unwrapReply } from './secure-channel/secure-channel.js';
import { deriveSessionKeys } from './secure-channel/session-keys.js';
import { createCpSession } from './session/cp-session.config.js';
import { reduceCpSession } from './session/cp-session.js';
import { createPdSession, reducePdSession } from './session/pd-session.js';
import type { CpSessionState } from './session/cp-session.types.js';
import { TRACE, TRACE_RND_A, TRACE_SCBK } from './test-vectors/libosdp-trace.js';

/**
 * Robustness: ≥ 100,000 random and mutated frames through the splitter, the frame codec, the payload
 * decoders, the secure-channel unwrap and both session reducers. Nothing may throw; valid frames after
 * garbage must still come out of the splitter. Fixed seed so a failure reproduces.
 */
const SEED = 0x05d9;
let framesFed = 0;

const KNOWN_CODES = [...Object.values(CommandCode), ...Object.values(ReplyCode)].filter((v): v is number => typeof v === 'number');

/** Well-formed payloads to mutate, so decoders see near-valid input as well as noise. */
const PAYLOADS: ReadonlyArray<{ code: number; data: Buffer }> = [
  encodeCommand({ code: CommandCode.Out, outputs: [{ outputNo: 0, controlCode: 5, timer100ms: 30 }] }),
  encodeCommand({ code: CommandCode.Text, reader: 0, command: 1, tempTimeSec: 0, row: 1, column: 1, text: 'hello' }),
  encodeCommand({ code: CommandCode.Biomatch, reader: 0, bioType: 0, bioFormat: 2, qualityThreshold: 9, template: Buffer.alloc(5, 1) }),
  encodeCommand({ code: CommandCode.Keyset, keyType: 1, key: Buffer.alloc(16, 2) }),
  encodeReply({ code: ReplyCode.Keypad, reader: 0, digits: '12#' }),
  encodeReply({ code: ReplyCode.Raw, reader: 0, format: 1, bitCount: 26, data: Buffer.alloc(4, 3) }),
  encodeReply({ code: ReplyCode.BioReadR, reader: 0, status: 0, bioType: 0, quality: 1, template: Buffer.alloc(3) }),
  encodeReply({ code: ReplyCode.PdId, vendorCode: 1, model: 2, version: 3, serialNumber: 4, firmware: { major: 1, minor: 2, build: 3 } }),
];

const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((a) => Buffer.from(a));

const payloadArb = fc.oneof(
  fc.record({ code: fc.oneof(fc.constantFrom(...KNOWN_CODES), fc.integer({ min: 0, max: 255 })), data: bytes(48) }),
  fc.constantFrom(...PAYLOADS),
);

const frameArb: fc.Arbitrary<OsdpFrame> = fc
  .record({
    address: fc.integer({ min: 0, max: 0x7f }),
    isReply: fc.boolean(),
    sequence: fc.integer({ min: 0, max: 3 }),
    useCrc: fc.boolean(),
    scb: fc.option(fc.record({ type: fc.integer({ min: 0x11, max: 0x18 }), data: bytes(2) })),
    payload: payloadArb,
    mac: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  })
  .map(({ scb, payload, mac, ...rest }) => {
    const frame: OsdpFrame = { ...rest, code: payload.code, data: payload.data };
    if (!scb) return frame;
    const withMac = scb.type >= ScsType.Scs15;
    return { ...frame, securityBlock: { type: scb.type, data: withMac ? Buffer.alloc(0) : scb.data }, ...(withMac ? { mac: Buffer.from(mac) } : {}) };
  });

type Mutation =
  | { op: 'flip'; pos: number; bit: number }
  | { op: 'truncate'; length: number }
  | { op: 'insert'; pos: number; byte: number }
  | { op: 'delete'; pos: number }
  | { op: 'len'; value: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), length: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), pos: fc.nat() }),
  fc.record({ op: fc.constant('len' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
);

function mutate(input: Buffer, mutations: Mutation[]): Buffer {
  let buf = Buffer.from(input);
  for (const m of mutations) {
    if (buf.length === 0) break;
    const at = 'pos' in m ? m.pos % buf.length : 0;
    if (m.op === 'flip') buf[at] ^= 1 << m.bit;
    else if (m.op === 'truncate') buf = buf.subarray(0, m.length % (buf.length + 1));
    else if (m.op === 'insert') buf = Buffer.concat([buf.subarray(0, at), Buffer.of(m.byte), buf.subarray(at)]);
    else if (m.op === 'delete') buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1)]);
    else if (buf.length >= 5) buf.writeUInt16LE(m.value, buf[0] === 0xff ? 2 : 1 + (buf[0] === 0x53 ? 1 : 0));
  }
  return buf;
}

/** Long-lived reducer states (both secure) to throw frames at. */
const keys = deriveSessionKeys(TRACE_SCBK, TRACE_RND_A);
const channel = openSecureChannel(keys, Buffer.alloc(16, 9));
const pdState = createPdSession({
  address: 0x65,
  pdId: { vendorCode: 1, model: 1, version: 1, serialNumber: 1, firmware: { major: 1, minor: 0, build: 0 } },
  capabilities: [],
  scbk: TRACE_SCBK,
  installMode: true,
  randomBytes: (n) => Buffer.alloc(n, 5),
});
const cpState: CpSessionState = { ...createCpSession({ address: 0x65, scbk: TRACE_SCBK, randomBytes: () => TRACE_RND_A }, 0), phase: 'online', online: true, secure: channel };

/** The CP with a POLL in flight, computed once (AES is the expensive part of each step). */
const cpPolled = reduceCpSession(cpState, { type: 'tick' }, 1000).state;

/** Everything downstream of a decoded frame; must never throw. */
function exercise(frame: OsdpFrame): void {
  decodeCommand(frame.code, frame.data);
  decodeReply(frame.code, frame.data);
  unwrapCommand(channel, frame);
  unwrapReply(channel, frame);
  reducePdSession(pdState, { type: 'frame', frame }, 100);
  reduceCpSession(cpPolled, { type: 'reply', frame: { ...frame, address: 0x65, isReply: true } }, 1005);
}

/** Plain checks in the hot loops: jest's matchers cost more than the code under test. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const frameFound = (results: SplitResult[], raw: Buffer): boolean => results.some((r) => r.type === 'frame' && r.raw.equals(raw));

describe('OSDP fuzz', () => {
  afterAll(() => {
    expect(framesFed).toBeGreaterThanOrEqual(100_000);
  });

  it('should survive random bytes in the splitter and every decoder', () => {
    fc.assert(
      fc.property(bytes(96), fc.integer({ min: 0, max: 255 }), (buf, code) => {
        framesFed++;
        const decoded = decodeFrame(buf);
        if (decoded.ok) exercise(decoded.frame);
        for (const r of [...new FrameSplitter().push(buf), ...new FrameSplitter().reset()]) if (r.type === 'frame') exercise(r.frame);
        decodeCommand(code, buf);
        decodeReply(code, buf);
      }),
      { numRuns: 40_000, seed: SEED },
    );
  });

  it('should round-trip valid frames and survive any mutation of them', () => {
    fc.assert(
      fc.property(frameArb, fc.boolean(), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (frame, mark, mutations) => {
        framesFed++;
        const encoded = encodeFrame(frame, { mark });
        const clean = decodeFrame(encoded);
        check(clean.ok && clean.hadMark === mark && encodeFrame(clean.frame, { mark }).equals(encoded), 'valid frame must round-trip');

        const mutated = mutate(encoded, mutations);
        const decoded = decodeFrame(mutated);
        if (decoded.ok) {
          // Whatever decodes re-encodes to the same bytes, unless it set reserved CTRL bits (ignored on decode).
          const reencoded = encodeFrame(decoded.frame, { mark: false });
          const ctrl = mutated[mutated.length - reencoded.length + 4]!;
          if ((ctrl & 0xf0) === 0) check(reencoded.equals(mutated.subarray(mutated.length - reencoded.length)), 're-encode mismatch');
          const again = decodeFrame(reencoded);
          check(again.ok && encodeFrame(again.frame, { mark: false }).equals(reencoded), 'decode(encode(x)) must be stable');
          exercise(decoded.frame);
        } else {
          exercise(frame);
        }
        const splitter = new FrameSplitter();
        for (const r of [...splitter.push(mutated), ...splitter.reset()]) if (r.type === 'frame') exercise(r.frame);
      }),
      { numRuns: 40_000, seed: SEED },
    );
  });

  it('should still find valid frames after garbage, whatever the chunking', () => {
    const garbageArb = fc.array(
      fc.oneof(
        bytes(24),
        fc.constantFrom(Buffer.of(0x53), Buffer.of(0xff, 0x53), Buffer.of(0x53, 0x00, 0x40, 0x00, 0x04)),
        // A torn-off prefix of a real frame: the hardest kind of garbage.
        fc.tuple(fc.constantFrom(...TRACE.map((s) => s.bytes)), fc.nat()).map(([b, n]) => b.subarray(0, n % b.length)),
      ),
      { maxLength: 4 },
    );
    let falsePositives = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbageArb, frameArb, fc.boolean()), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        (parts, chunkSizes) => {
          const wanted = parts.map(([, frame]) => encodeFrame(frame, { mark: false }));
          const stream = Buffer.concat(parts.flatMap(([garbage, frame, mark]) => [...garbage, encodeFrame(frame, { mark })]));
          framesFed += parts.length;
          const splitter = new FrameSplitter();
          const results: SplitResult[] = [];
          for (let offset = 0, i = 0; offset < stream.length; i++) {
            const size = chunkSizes[i % chunkSizes.length]!;
            results.push(...splitter.push(stream.subarray(offset, offset + size)));
            offset += size;
          }
          results.push(...splitter.reset());
          const spurious = results.filter((r) => r.type === 'frame' && !wanted.some((w) => w.equals(r.raw)));
          if (spurious.length > 0) {
            // Garbage that happens to carry a valid check may swallow the start of a real frame.
            falsePositives++;
            return;
          }
          for (const w of wanted) check(frameFound(results, w), `frame ${w.toString('hex')} not found`);
          check(splitter.pendingLength === 0, 'reset must leave the splitter empty');
        },
      ),
      { numRuns: 20_000, seed: SEED },
    );
    expect(falsePositives).toBeLessThan(200);
  });
});
