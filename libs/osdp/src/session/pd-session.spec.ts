import { BROADCAST_ADDRESS, CommandCode, NakCode, ReplyCode, ScsType } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { decodeFrame } from '../frame/frame-codec.js';
import { decodeReply } from '../replies/reply-registry.js';
import { TRACE, TRACE_ADDRESS, TRACE_CUID, TRACE_RND_B, TRACE_SCBK } from '../test-vectors/libosdp-trace.js';
import { createPdSession, reducePdSession } from './pd-session.js';
import type { PdSessionConfig, PdSessionState, PdSessionStep } from './pd-session.types.js';

const ADDRESS = 0x30;
const config: PdSessionConfig = {
  address: ADDRESS,
  pdId: { vendorCode: 0xabcdef, model: 2, version: 3, serialNumber: 0x01020304, firmware: { major: 1, minor: 2, build: 3 } },
  capabilities: [],
  randomBytes: (n) => Buffer.alloc(n, 7),
};

const command = (sequence: number, code: number, data = Buffer.alloc(0), extra: Partial<OsdpFrame> = {}): OsdpFrame => ({
  address: ADDRESS,
  isReply: false,
  sequence,
  useCrc: true,
  code,
  data,
  ...extra,
});

const frame = (state: PdSessionState, f: OsdpFrame, now = 0, hadMark = true): PdSessionStep =>
  reducePdSession(state, { type: 'frame', frame: f, hadMark }, now);

const replies = (step: PdSessionStep) =>
  step.effects.flatMap((e) => {
    if (e.type !== 'transmit') return [];
    const d = decodeFrame(e.bytes);
    if (!d.ok) throw new Error(d.error.detail);
    const r = decodeReply(d.frame.code, d.frame.data);
    return [{ frame: d.frame, reply: r.ok ? r.reply : undefined, bytes: e.bytes }];
  });

describe(reducePdSession.name, () => {
  it('should answer ID with its PDID, mirroring sequence and check mode', () => {
    const [r] = replies(frame(createPdSession(config), command(0, CommandCode.Id, Buffer.of(0), { useCrc: false })));
    expect(r!.frame).toMatchObject({ address: ADDRESS, isReply: true, sequence: 0, useCrc: false });
    expect(r!.reply).toEqual({ code: ReplyCode.PdId, ...config.pdId });
  });

  it('should mirror the absence of a mark byte', () => {
    const [r] = replies(frame(createPdSession(config), command(0, CommandCode.Poll), 0, false));
    expect(r!.bytes[0]).toBe(0x53);
  });

  it('should answer a broadcast with address 0x7F and ignore other PDs and replies', () => {
    const s = createPdSession(config);
    expect(replies(frame(s, command(0, CommandCode.Poll, undefined, { address: BROADCAST_ADDRESS })))[0]!.frame.address).toBe(BROADCAST_ADDRESS);
    expect(frame(s, command(0, CommandCode.Poll, undefined, { address: 0x31 })).effects).toEqual([]);
    expect(frame(s, command(0, ReplyCode.Ack, undefined, { isReply: true })).effects).toEqual([]);
  });

  it('should resend the identical reply for a repeated sequence number', () => {
    let s = createPdSession(config);
    s = frame(s, command(0, CommandCode.Id, Buffer.of(0))).state;
    const first = frame(s, command(1, CommandCode.Poll));
    const again = frame(first.state, command(1, CommandCode.Poll));
    expect(again.effects).toEqual(first.effects);
  });

  it.each([
    ['an unexpected sequence', command(3, CommandCode.Poll), NakCode.SequenceNumber],
    ['an unknown command', command(1, CommandCode.Diag), NakCode.UnknownCommand],
    ['a bad length', command(1, CommandCode.Out, Buffer.of(1, 2, 3)), NakCode.CommandLength],
    ['a MAC frame outside a secure channel', command(1, CommandCode.Poll, undefined, { securityBlock: { type: ScsType.Scs15, data: Buffer.alloc(0) }, mac: Buffer.alloc(4) }), NakCode.SecurityBlockNotSupported],
    ['CHLNG for a key it does not have', command(1, CommandCode.Chlng, Buffer.alloc(8), { securityBlock: { type: ScsType.Scs11, data: Buffer.of(1) } }), NakCode.SecurityBlockNotSupported],
    ['SCRYPT without CHLNG', command(1, CommandCode.Scrypt, Buffer.alloc(16), { securityBlock: { type: ScsType.Scs13, data: Buffer.of(1) } }), NakCode.SecurityBlockNotSupported],
  ])('should NAK %s', (_name, f, nakCode) => {
    const s = frame(createPdSession(config), command(0, CommandCode.Id, Buffer.of(0))).state;
    expect(replies(frame(s, f))[0]!.reply).toEqual({ code: ReplyCode.Nak, nakCode, extra: Buffer.alloc(0) });
  });

  it('should demand a secure channel when configured, but still answer ID and CAP', () => {
    const s = createPdSession({ ...config, requireSecureChannel: true });
    expect(replies(frame(s, command(0, CommandCode.Cap, Buffer.of(0))))[0]!.reply).toMatchObject({ code: ReplyCode.PdCap });
    expect(replies(frame(s, command(0, CommandCode.Out, Buffer.from('00051e00', 'hex'))))[0]!.reply).toMatchObject({
      code: ReplyCode.Nak,
      nakCode: NakCode.EncryptionRequired,
    });
  });

  it('should hand application commands to the app and send its reply', () => {
    const step = frame(createPdSession(config), command(0, CommandCode.Lstat));
    expect(step.effects).toEqual([{ type: 'command', command: { code: CommandCode.Lstat } }]);
    const answered = reducePdSession(step.state, { type: 'respond', reply: { code: ReplyCode.Lstatr, tamper: 0, power: 0 } }, 0);
    expect(replies(answered)[0]!.reply).toEqual({ code: ReplyCode.Lstatr, tamper: 0, power: 0 });
  });

  it('should ignore a respond with nothing pending', () => {
    expect(reducePdSession(createPdSession(config), { type: 'respond', reply: { code: ReplyCode.Ack } }, 0).effects).toEqual([]);
  });

  it('should deliver queued reports one per POLL, then ACK', () => {
    let s = reducePdSession(createPdSession(config), { type: 'enqueue', reply: { code: ReplyCode.Keypad, reader: 0, digits: '9' } }, 0).state;
    const first = frame(s, command(0, CommandCode.Poll));
    s = first.state;
    expect(replies(first)[0]!.reply).toMatchObject({ code: ReplyCode.Keypad, digits: '9' });
    expect(replies(frame(s, command(1, CommandCode.Poll)))[0]!.reply).toEqual({ code: ReplyCode.Ack });
  });

  it('should reject an invalid address or key at creation', () => {
    expect(() => createPdSession({ ...config, address: 0x7f })).toThrow(RangeError);
    expect(() => createPdSession({ ...config, scbk: Buffer.alloc(8) })).toThrow(RangeError);
  });
});

describe('PD secure channel lifetime', () => {
  const decode = (bytes: Buffer): OsdpFrame => {
    const d = decodeFrame(bytes);
    if (!d.ok) throw new Error(d.error.detail);
    return d.frame;
  };

  /** PD state right after the trace handshake (CHLNG, SCRYPT) at time 0. */
  function securePd(): PdSessionState {
    let s = createPdSession({ ...config, address: TRACE_ADDRESS, scbk: TRACE_SCBK, cUid: TRACE_CUID, randomBytes: () => TRACE_RND_B });
    s = frame(s, decode(TRACE[4]!.bytes)).state;
    s = frame(s, decode(TRACE[6]!.bytes)).state;
    expect(s.secure).toBeDefined();
    return s;
  }

  it('should drop the channel after 8 s without a secure command', () => {
    const step = frame(securePd(), decode(TRACE[8]!.bytes), 8001);
    expect(step.effects).toContainEqual({ type: 'event', event: { kind: 'secure-channel-down', reason: 'timeout' } });
    expect(replies(step)[0]!.reply).toMatchObject({ code: ReplyCode.Nak, nakCode: NakCode.SecurityBlockNotSupported });
  });

  it('should keep the channel while secure commands arrive', () => {
    const step = frame(securePd(), decode(TRACE[8]!.bytes), 7999);
    expect(replies(step)[0]!.bytes).toEqual(TRACE[9]!.bytes);
  });

  it('should drop the channel and NAK 0x06 on a plaintext command inside it', () => {
    const step = frame(securePd(), { ...command(2, CommandCode.Poll), address: TRACE_ADDRESS }, 10);
    expect(step.effects).toContainEqual({ type: 'event', event: { kind: 'secure-channel-down', reason: 'plaintext' } });
    expect(replies(step)[0]!.reply).toMatchObject({ code: ReplyCode.Nak, nakCode: NakCode.EncryptionRequired });
    expect(step.state.secure).toBeUndefined();
  });
});
