import type { OsdpCommand } from '../commands/command.types.js';
import { CommandCode, ReplyCode } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { decodeFrame } from '../frame/frame-codec.js';
import { createCpSession, resolveCpSessionConfig } from './cp-session.config.js';
import { reduceCpSession } from './cp-session.js';
import type { CpSessionInput, CpSessionState, CpSessionStep } from './cp-session.types.js';

const ADDRESS = 0x21;
const plaintext = () => createCpSession({ address: ADDRESS, secureChannel: false }, 0);

const reply = (sequence: number, code: number, data = Buffer.alloc(0)): OsdpFrame => ({
  address: ADDRESS,
  isReply: true,
  sequence,
  useCrc: true,
  code,
  data,
});

const PDID = Buffer.from('563412010201000000010000', 'hex');

/** Deep-freezes plain objects and arrays so any mutation of the input state throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const run = (state: CpSessionState, input: CpSessionInput, now: number): CpSessionStep => reduceCpSession(deepFreeze(state), input, now);

/** Drives a plaintext session to online and returns its state. */
function online(): CpSessionState {
  let s = run(plaintext(), { type: 'tick' }, 0).state;
  s = run(s, { type: 'reply', frame: reply(0, ReplyCode.PdId, PDID) }, 5).state;
  s = run(s, { type: 'reply', frame: reply(1, ReplyCode.PdCap) }, 10).state;
  return s;
}

const transmitted = (step: CpSessionStep): OsdpFrame[] =>
  step.effects.flatMap((e) => {
    if (e.type !== 'transmit') return [];
    const d = decodeFrame(e.bytes);
    return d.ok ? [d.frame] : [];
  });

describe(reduceCpSession.name, () => {
  it('should probe with ID at sequence 0 on the first tick', () => {
    const step = run(plaintext(), { type: 'tick' }, 0);
    expect(step.state.phase).toBe('id');
    expect(transmitted(step)).toMatchObject([{ address: ADDRESS, sequence: 0, code: CommandCode.Id, data: Buffer.of(0) }]);
  });

  it('should never mutate the state it was given (frozen through a whole bring-up)', () => {
    const s = online();
    expect(s.phase).toBe('online');
    expect(() => run(s, { type: 'send', command: { code: CommandCode.Lstat } }, 20)).not.toThrow();
  });

  it('should go online in plaintext after PDID and PDCAP', () => {
    let s = run(plaintext(), { type: 'tick' }, 0).state;
    s = run(s, { type: 'reply', frame: reply(0, ReplyCode.PdId, PDID) }, 5).state;
    const step = run(s, { type: 'reply', frame: reply(1, ReplyCode.PdCap) }, 10);
    expect(step.effects).toEqual([
      { type: 'event', event: expect.objectContaining({ kind: 'online', secure: false, pdId: expect.objectContaining({ vendorCode: 0x123456 }) }) },
    ]);
  });

  it('should wrap sequence numbers 1,2,3,1 and never reuse 0', () => {
    let s = online();
    const sequences: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const step = run(s, { type: 'tick' }, 10 + i * 200);
      const [frame] = transmitted(step);
      sequences.push(frame!.sequence);
      s = run(step.state, { type: 'reply', frame: reply(frame!.sequence, ReplyCode.Ack) }, 15 + i * 200).state;
    }
    expect(sequences).toEqual([2, 3, 1, 2, 3]);
  });

  it('should repeat the same bytes after the reply timeout', () => {
    const first = run(online(), { type: 'tick' }, 210);
    expect(run(first.state, { type: 'tick' }, 409).effects).toEqual([]);
    const retry = run(first.state, { type: 'tick' }, 410);
    expect(retry.effects).toEqual(first.effects);
  });

  it('should treat BUSY (SQN 0) as "ask again shortly" without advancing', () => {
    const first = run(online(), { type: 'tick' }, 210);
    const busy = run(first.state, { type: 'reply', frame: reply(0, ReplyCode.Busy) }, 215);
    expect(busy.effects).toEqual([]);
    expect(busy.state.inFlight?.sequence).toBe(first.state.inFlight?.sequence);
    expect(run(busy.state, { type: 'tick' }, 265).effects).toEqual(first.effects);
  });

  it('should ignore an unsolicited reply and one with the wrong sequence', () => {
    const s = online();
    expect(run(s, { type: 'reply', frame: reply(2, ReplyCode.Ack) }, 20).effects).toMatchObject([
      { type: 'event', event: { kind: 'reply-ignored', reason: 'unsolicited' } },
    ]);
    const polled = run(s, { type: 'tick' }, 210).state;
    expect(run(polled, { type: 'reply', frame: reply(3, ReplyCode.Ack) }, 215).effects).toMatchObject([
      { type: 'event', event: { kind: 'reply-ignored', reason: 'sequence' } },
    ]);
  });

  it('should silently ignore frames for other addresses and commands from another CP', () => {
    const polled = run(online(), { type: 'tick' }, 210).state;
    expect(run(polled, { type: 'reply', frame: { ...reply(2, ReplyCode.Ack), address: 0x22 } }, 215).effects).toEqual([]);
    expect(run(polled, { type: 'reply', frame: { ...reply(2, CommandCode.Poll), isReply: false } }, 215).effects).toEqual([]);
  });

  it('should report a POLL reply it cannot decode', () => {
    const polled = run(online(), { type: 'tick' }, 210).state;
    expect(run(polled, { type: 'reply', frame: reply(2, ReplyCode.Lstatr, Buffer.of(1)) }, 215).effects).toMatchObject([
      { type: 'event', event: { kind: 'reply-invalid', inResponseTo: CommandCode.Poll, error: { kind: 'bad-length' } } },
    ]);
  });

  it('should go offline when the probe is refused', () => {
    const s = run(plaintext(), { type: 'tick' }, 0).state;
    const step = run(s, { type: 'reply', frame: reply(0, ReplyCode.Nak, Buffer.of(3)) }, 5);
    expect(step.state.phase).toBe('offline');
    expect(step.state.reprobeAtMs).toBe(1005);
  });

  describe('send', () => {
    it.each<[string, OsdpCommand, string]>([
      ['POLL', { code: CommandCode.Poll }, 'not-allowed'],
      ['CHLNG', { code: CommandCode.Chlng, rndA: Buffer.alloc(8) }, 'not-allowed'],
      ['an out-of-range OUT', { code: CommandCode.Out, outputs: [{ outputNo: 300, controlCode: 1, timer100ms: 0 }] }, 'invalid'],
    ])('should refuse %s', (_name, command, reason) => {
      expect(run(online(), { type: 'send', command, tag: 't' }, 20).effects).toMatchObject([
        { type: 'event', event: { kind: 'command-failed', tag: 't', reason } },
      ]);
    });

    it('should refuse commands beyond the queue limit', () => {
      let s = createCpSession({ address: ADDRESS, secureChannel: false, maxQueuedCommands: 2 }, 0);
      const command: OsdpCommand = { code: CommandCode.Lstat };
      for (const tag of ['a', 'b']) s = run(s, { type: 'send', command, tag }, 0).state;
      expect(run(s, { type: 'send', command, tag: 'c' }, 0).effects).toMatchObject([
        { type: 'event', event: { kind: 'command-failed', tag: 'c', reason: 'queue-full' } },
      ]);
    });

    it('should send at once when online and idle', () => {
      const step = run(online(), { type: 'send', command: { code: CommandCode.Lstat } }, 20);
      expect(transmitted(step)).toMatchObject([{ code: CommandCode.Lstat, sequence: 2 }]);
    });
  });
});

describe(resolveCpSessionConfig.name, () => {
  it.each([
    ['an address above 0x7F', { address: 0x80, secureChannel: false }],
    ['a secure channel without a key', { address: 1, randomBytes: () => Buffer.alloc(8) }],
    ['a secure channel without randomness', { address: 1, scbk: Buffer.alloc(16) }],
    ['a 15-byte key', { address: 1, scbk: Buffer.alloc(15), randomBytes: () => Buffer.alloc(8) }],
    ['a zero reply timeout', { address: 1, secureChannel: false, replyTimeoutMs: 0 }],
  ])('should reject %s', (_name, config) => {
    expect(() => resolveCpSessionConfig(config)).toThrow(RangeError);
  });

  it('should apply the documented defaults', () => {
    expect(resolveCpSessionConfig({ address: 1, secureChannel: false })).toMatchObject({
      useCrc: true,
      mark: true,
      pollIntervalMs: 200,
      replyTimeoutMs: 200,
      offlineTimeoutMs: 8000,
      installMode: false,
    });
  });
});
