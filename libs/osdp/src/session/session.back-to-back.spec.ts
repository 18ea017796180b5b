import type { OsdpCommand } from '../commands/command.types.js';
import { CommandCode, NakCode, ReplyCode } from '../constants.js';
import { decodeFrame, encodeFrame } from '../frame/frame-codec.js';
import { CapabilityFunction, OutputControlCode } from '../payload/payload-enums.js';
import { SCBK_DEFAULT } from '../secure-channel/session-keys.js';
import { BackToBack } from './back-to-back.harness.js';
import type { CpSessionConfig } from './cp-session.types.js';
import type { PdSessionConfig } from './pd-session.types.js';

const ADDRESS = 0x10;
const READER_KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** Deterministic "random" bytes that differ per call. */
const counterRandom = (seed: number) => {
  let n = seed;
  return (size: number): Buffer => Buffer.alloc(size, n++ & 0xff);
};

const cpConfig = (over: Partial<CpSessionConfig> = {}): CpSessionConfig => ({
  address: ADDRESS,
  scbk: READER_KEY,
  randomBytes: counterRandom(0xa0),
  ...over,
});

const pdConfig = (over: Partial<PdSessionConfig> = {}): PdSessionConfig => ({
  address: ADDRESS,
  pdId: { vendorCode: 0x123456, model: 1, version: 2, serialNumber: 42, firmware: { major: 1, minor: 0, build: 0 } },
  capabilities: [
    { functionCode: CapabilityFunction.OutputControl, compliance: 1, numItems: 1 },
    { functionCode: CapabilityFunction.CommunicationSecurity, compliance: 1, numItems: 1 },
  ],
  scbk: READER_KEY,
  randomBytes: counterRandom(0x50),
  ...over,
});

const OUT: OsdpCommand = { code: CommandCode.Out, outputs: [{ outputNo: 0, controlCode: OutputControlCode.TemporaryOn, timer100ms: 30 }] };

const sequenceOf = (bytes: Buffer): number => {
  const decoded = decodeFrame(bytes);
  return decoded.ok ? decoded.frame.sequence : -1;
};

/** Flip one MAC bit and fix the CRC, so only the secure channel notices. */
const corruptMac = (bytes: Buffer): Buffer => {
  const decoded = decodeFrame(bytes);
  if (!decoded.ok || !decoded.frame.mac) return bytes;
  const mac = Buffer.from(decoded.frame.mac);
  mac[0] ^= 0x01;
  return encodeFrame({ ...decoded.frame, mac });
};

describe('CP and PD sessions back to back', () => {
  let sut: BackToBack;

  beforeEach(() => {
    sut = new BackToBack(cpConfig(), pdConfig());
  });

  it('should come online over the secure channel and poll with sequence 0,1,0,1,2,3,1', () => {
    sut.advance(1000);
    expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online']);
    expect(sut.cpEvents[1]).toMatchObject({ kind: 'online', secure: true, pdId: { vendorCode: 0x123456 } });
    expect(sut.pdEvents).toEqual([{ kind: 'secure-channel-up', defaultKey: false, at: expect.any(Number) }]);
    const sequences = sut.sent('CP').map((w) => sequenceOf(w.bytes));
    expect(sequences.slice(0, 8)).toEqual([0, 1, 0, 1, 2, 3, 1, 2]);
    expect(sut.cp.phase).toBe('online');
  });

  it('should poll at the configured interval', () => {
    sut.advance(1000);
    const start = sut.sent('CP').length;
    sut.advance(1000);
    expect(sut.sent('CP').length - start).toBe(5);
  });

  it('should deliver an application command and its reply with the tag', () => {
    sut.advance(500);
    sut.cpInput({ type: 'send', command: OUT, tag: 'unlock-1' });
    expect(sut.pdCommands).toEqual([OUT]);
    expect(sut.cpEvents.at(-1)).toMatchObject({ kind: 'reply-received', tag: 'unlock-1', inResponseTo: CommandCode.Out, reply: { code: ReplyCode.Ack } });
  });

  it('should queue commands sent before online and send them once online', () => {
    sut.cpInput({ type: 'send', command: OUT, tag: 'early' });
    sut.advance(500);
    expect(sut.pdCommands).toEqual([OUT]);
    expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online', 'reply-received']);
  });

  it('should report card/keypad data the PD queues for the next POLL', () => {
    sut.advance(500);
    sut.pdInput({ type: 'enqueue', reply: { code: ReplyCode.Keypad, reader: 0, digits: '1234#' } });
    sut.advance(300);
    expect(sut.cpEvents.at(-1)).toMatchObject({ kind: 'reply-received', inResponseTo: CommandCode.Poll, reply: { digits: '1234#' } });
  });

  it('should run in plaintext only when secureChannel is false', () => {
    sut = new BackToBack(cpConfig({ secureChannel: false, scbk: undefined, randomBytes: undefined }), pdConfig({ scbk: undefined }));
    sut.advance(500);
    expect(sut.eventKinds()).toEqual(['online']);
    expect(sut.cpEvents[0]).toMatchObject({ secure: false });
    expect(sut.sent('CP').every((w) => decodeFrame(w.bytes).ok && !(decodeFrame(w.bytes) as { frame: { securityBlock?: unknown } }).frame.securityBlock)).toBe(true);
  });

  describe('timeouts and retries', () => {
    it('should repeat a lost command with the same bytes after 200 ms', () => {
      sut.advance(1000);
      let dropped: Buffer | undefined;
      sut.fault = (bytes, r) => (r.from === 'CP' && !dropped ? ((dropped = bytes), 'drop') : undefined);
      sut.advance(400);
      const afterDrop = sut.wire.filter((w) => w.from === 'CP').slice(-3);
      const index = sut.wire.findIndex((w) => !w.delivered);
      const retry = sut.wire.slice(index + 1).find((w) => w.from === 'CP')!;
      expect(retry.bytes).toEqual(dropped);
      expect(retry.at - sut.wire[index]!.at).toBe(200);
      expect(afterDrop.length).toBeGreaterThan(0);
      expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online']);
    });

    it('should get the identical cached reply when only the reply was lost', () => {
      sut.advance(1000);
      let droppedReply: Buffer | undefined;
      sut.fault = (bytes, r) => (r.from === 'PD' && !droppedReply ? ((droppedReply = bytes), 'drop') : undefined);
      sut.advance(500);
      const index = sut.wire.findIndex((w) => !w.delivered);
      const resent = sut.wire.slice(index + 1).find((w) => w.from === 'PD')!;
      expect(resent.bytes).toEqual(droppedReply);
      expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online']);
    });

    it('should repeat at once on a damaged reply (line error)', () => {
      sut.advance(1000);
      let damaged = false;
      sut.fault = (bytes, r) => {
        if (r.from !== 'PD' || damaged) return undefined;
        damaged = true;
        const copy = Buffer.from(bytes);
        copy[copy.length - 1] ^= 0xff;
        return copy;
      };
      const before = sut.sent('CP').length;
      sut.advance(10);
      const cp = sut.sent('CP').slice(before);
      expect(cp.length).toBeGreaterThanOrEqual(2);
      expect(cp[1]!.bytes).toEqual(cp[0]!.bytes);
      expect(cp[1]!.at).toBe(cp[0]!.at);
      expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online']);
    });

    it('should answer BUSY while the application is thinking and deliver the reply later', () => {
      sut.advance(500);
      let answer = false;
      sut.pdApp = (command) => (command.code === CommandCode.Out && !answer ? undefined : { code: ReplyCode.Ack });
      sut.cpInput({ type: 'send', command: OUT, tag: 'slow' });
      sut.advance(250);
      const busy = sut.sent('PD').filter((w) => decodeFrame(w.bytes).ok && (decodeFrame(w.bytes) as { frame: { code: number } }).frame.code === ReplyCode.Busy);
      expect(busy.length).toBeGreaterThan(0);
      answer = true;
      sut.pdInput({ type: 'respond', reply: { code: ReplyCode.Ack } });
      sut.advance(300);
      expect(sut.cpEvents.filter((e) => e.kind === 'reply-received')).toEqual([
        expect.objectContaining({ tag: 'slow', reply: { code: ReplyCode.Ack } }),
      ]);
      expect(sut.cp.phase).toBe('online');
    });
  });

  describe('offline', () => {
    it('should go offline 8 s after the last valid reply, fail queued work, then re-probe and recover', () => {
      sut.advance(1000);
      const lastGood = sut.sent('PD').at(-1)!.at;
      sut.fault = () => 'drop';
      sut.cpInput({ type: 'send', command: OUT, tag: 'doomed' });
      while (!sut.eventKinds().includes('offline') && sut.now < 20_000) sut.advance(10);
      const offline = sut.cpEvents.find((e) => e.kind === 'offline')!;
      expect(offline).toMatchObject({ reason: 'timeout' });
      expect(offline.at - lastGood).toBeGreaterThanOrEqual(8000);
      expect(offline.at - lastGood).toBeLessThan(8020);
      expect(sut.cpEvents).toContainEqual(expect.objectContaining({ kind: 'command-failed', tag: 'doomed', reason: 'offline' }));

      sut.cpInput({ type: 'send', command: OUT, tag: 'while-offline' });
      expect(sut.cpEvents.at(-1)).toMatchObject({ kind: 'command-failed', tag: 'while-offline', reason: 'offline' });

      sut.fault = () => undefined;
      sut.advance(20_000);
      expect(sut.eventKinds().filter((k) => k === 'online')).toHaveLength(2);
      expect(sut.cp.phase).toBe('online');
    });

    it('should back off between probes of a dead PD', () => {
      sut.fault = () => 'drop';
      sut.advance(60_000);
      const ids = sut.sent('CP').filter((w) => (decodeFrame(w.bytes) as { frame: { code: number; sequence: number } }).frame.code === CommandCode.Id);
      const probeStarts = ids.filter((w, i) => i === 0 || w.at - ids[i - 1]!.at > 1000).map((w) => w.at);
      const gaps = probeStarts.slice(1).map((t, i) => t - probeStarts[i]!);
      expect(gaps.length).toBeGreaterThan(2);
      expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
      expect(sut.eventKinds()).not.toContain('online');
    });
  });

  describe('keys', () => {
    it('should never come online with a wrong SCBK', () => {
      sut = new BackToBack(cpConfig({ scbk: Buffer.alloc(16, 0x99) }), pdConfig());
      sut.advance(30_000);
      expect(sut.eventKinds()).not.toContain('online');
      expect(sut.eventKinds()).not.toContain('secure-channel-up');
      expect(sut.cpEvents.filter((e) => e.kind === 'secure-channel-failed').length).toBeGreaterThan(1);
      expect(sut.pdCommands).toEqual([]);
    });

    it('should not fall back to SCBK-D unless installMode is set', () => {
      sut = new BackToBack(cpConfig(), pdConfig({ scbk: undefined, installMode: true }));
      sut.advance(10_000);
      expect(sut.eventKinds()).not.toContain('online');
    });

    it('should install its key over SCBK-D in install mode, then reconnect on the new key', () => {
      sut = new BackToBack(cpConfig({ installMode: true }), pdConfig({ scbk: undefined, installMode: true }));
      sut.advance(2000);
      expect(sut.eventKinds()).toEqual([
        'secure-channel-failed',
        'secure-channel-up',
        'scbk-installed',
        'secure-channel-down',
        'secure-channel-up',
        'online',
      ]);
      expect(sut.cpEvents[1]).toMatchObject({ defaultKey: true });
      expect(sut.cpEvents[4]).toMatchObject({ defaultKey: false });
      expect(sut.pdEvents).toContainEqual(expect.objectContaining({ kind: 'keyset', key: READER_KEY }));
      expect(sut.pd.scbk).toEqual(READER_KEY);
      expect(sut.pd.installMode).toBe(false);
    });

    it('should run on SCBK-D when that is the configured key', () => {
      sut = new BackToBack(cpConfig({ scbk: SCBK_DEFAULT }), pdConfig({ scbk: undefined, installMode: true }));
      sut.advance(1000);
      expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online']);
      expect(sut.cpEvents[0]).toMatchObject({ defaultKey: true });
    });
  });

  describe('MAC failures', () => {
    it('should restart the handshake when the PD rejects our MAC (plaintext NAK 0x06)', () => {
      sut.advance(1000);
      let done = false;
      sut.fault = (bytes, r) => (r.from === 'CP' && !done ? ((done = true), corruptMac(bytes)) : undefined);
      sut.advance(1000);
      expect(sut.pdEvents.map((e) => e.kind)).toEqual(['secure-channel-up', 'secure-channel-down', 'nak-sent', 'secure-channel-up']);
      expect(sut.pdEvents[2]).toMatchObject({ nakCode: NakCode.EncryptionRequired });
      expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online', 'secure-channel-down', 'secure-channel-up']);
      expect(sut.cpEvents[2]).toMatchObject({ reason: 'nak' });
      expect(sut.cp.phase).toBe('online');
    });

    it('should restart the handshake when a reply MAC fails and fail the command in flight', () => {
      sut.advance(1000);
      let done = false;
      sut.fault = (bytes, r) => (r.from === 'PD' && !done && sut.pdCommands.length > 0 ? ((done = true), corruptMac(bytes)) : undefined);
      sut.cpInput({ type: 'send', command: OUT, tag: 'x' });
      sut.advance(1000);
      expect(sut.eventKinds()).toEqual(['secure-channel-up', 'online', 'secure-channel-down', 'command-failed', 'secure-channel-up']);
      expect(sut.cpEvents[2]).toMatchObject({ reason: 'mac-failure' });
      expect(sut.cpEvents[3]).toMatchObject({ tag: 'x', reason: 'secure-channel-lost' });
      expect(sut.cp.phase).toBe('online');
    });
  });

  describe('NAK', () => {
    it('should fail a command the PD refuses and keep polling', () => {
      sut.advance(500);
      sut.pdApp = () => ({ code: ReplyCode.Nak, nakCode: NakCode.UnknownCommand, extra: Buffer.alloc(0) });
      sut.cpInput({ type: 'send', command: { code: CommandCode.Bioread, reader: 0, bioType: 0, bioFormat: 0, quality: 0 }, tag: 'bio' });
      expect(sut.cpEvents.at(-1)).toMatchObject({ kind: 'command-failed', tag: 'bio', reason: 'nak', nak: { nakCode: NakCode.UnknownCommand } });
      const sent = sut.sent('CP').length;
      sut.advance(500);
      expect(sut.sent('CP').length).toBeGreaterThan(sent);
      expect(sut.cp.phase).toBe('online');
    });
  });
});
