import type { OutCommand } from '../commands/command.types.js';
import { CommandCode, ReplyCode } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { decodeFrame } from '../frame/frame-codec.js';
import { OutputControlCode } from '../payload/payload-enums.js';
import { decodeReply } from '../replies/reply-registry.js';
import type { OsdpReply, PdIdReply } from '../replies/reply.types.js';
import {
  TRACE,
  TRACE_ADDRESS,
  TRACE_CUID,
  TRACE_PDCAP_DATA,
  TRACE_PDID_DATA,
  TRACE_RND_A,
  TRACE_RND_B,
  TRACE_SCBK,
} from '../test-vectors/libosdp-trace.js';
import { createCpSession } from './cp-session.config.js';
import { reduceCpSession } from './cp-session.js';
import type { CpSessionEvent, CpSessionInput, CpSessionState } from './cp-session.types.js';
import { createPdSession, reducePdSession } from './pd-session.js';
import type { PdSessionInput, PdSessionState } from './pd-session.types.js';

const decode = (bytes: Buffer): OsdpFrame => {
  const result = decodeFrame(bytes);
  if (!result.ok) throw new Error(result.error.detail);
  return result.frame;
};

const replyOf = (code: number, data: Buffer): OsdpReply => {
  const result = decodeReply(code, data);
  if (!result.ok) throw new Error(result.error.detail);
  return result.reply;
};

const OUT: OutCommand = { code: CommandCode.Out, outputs: [{ outputNo: 0, controlCode: OutputControlCode.TemporaryOn, timer100ms: 30 }] };

describe('session reducers replaying the captured libosdp trace', () => {
  it(`${reduceCpSession.name} should emit every CP frame of the trace byte for byte`, () => {
    let state: CpSessionState = createCpSession({ address: TRACE_ADDRESS, scbk: TRACE_SCBK, randomBytes: () => TRACE_RND_A }, 0);
    let now = 0;
    const sent: Buffer[] = [];
    const events: CpSessionEvent[] = [];
    const input = (i: CpSessionInput): void => {
      const step = reduceCpSession(state, i, now);
      state = step.state;
      for (const e of step.effects) (e.type === 'transmit' ? sent.push(e.bytes) : events.push(e.event));
    };

    input({ type: 'tick' });
    for (const [index, step] of TRACE.entries()) {
      if (step.from === 'CP') {
        if (sent.length === countCp(index)) continue; // already sent in response to the previous reply
        now += 200;
        input(step.label === 'OUT' ? { type: 'send', command: OUT, tag: 'strike' } : { type: 'tick' });
      } else {
        now += 5;
        input({ type: 'reply', frame: decode(step.bytes) });
      }
    }

    expect(sent.map((b) => b.toString('hex'))).toEqual(TRACE.filter((s) => s.from === 'CP').map((s) => s.bytes.toString('hex')));
    expect(events).toEqual([
      { kind: 'secure-channel-up', defaultKey: false },
      expect.objectContaining({ kind: 'online', secure: true, pdId: expect.objectContaining({ vendorCode: 0xfebabe }) }),
      { kind: 'reply-received', inResponseTo: CommandCode.Out, tag: 'strike', reply: { code: ReplyCode.Ack } },
      { kind: 'reply-received', inResponseTo: CommandCode.Poll, reply: { code: ReplyCode.Keypad, reader: 0, digits: '1234#' } },
    ]);
  });

  it(`${reducePdSession.name} should emit every PD frame of the trace byte for byte`, () => {
    let state: PdSessionState = createPdSession({
      address: TRACE_ADDRESS,
      pdId: withoutCode(replyOf(ReplyCode.PdId, TRACE_PDID_DATA) as PdIdReply),
      capabilities: (replyOf(ReplyCode.PdCap, TRACE_PDCAP_DATA) as Extract<OsdpReply, { code: ReplyCode.PdCap }>).capabilities,
      cUid: TRACE_CUID,
      scbk: TRACE_SCBK,
      randomBytes: () => TRACE_RND_B,
    });
    const sent: Buffer[] = [];
    const commands: unknown[] = [];
    const input = (i: PdSessionInput): void => {
      const step = reducePdSession(state, i, 1000);
      state = step.state;
      for (const e of step.effects) {
        if (e.type === 'transmit') sent.push(e.bytes);
        if (e.type === 'command') commands.push(e.command);
      }
    };

    for (const [index, step] of TRACE.entries()) {
      if (step.from === 'PD') continue;
      if (TRACE[index + 1]?.label === 'KEYPAD') input({ type: 'enqueue', reply: { code: ReplyCode.Keypad, reader: 0, digits: '1234#' } });
      input({ type: 'frame', frame: decode(step.bytes), hadMark: true });
      if (step.label === 'OUT') input({ type: 'respond', reply: { code: ReplyCode.Ack } });
    }

    expect(sent.map((b) => b.toString('hex'))).toEqual(TRACE.filter((s) => s.from === 'PD').map((s) => s.bytes.toString('hex')));
    expect(commands).toEqual([OUT]);
  });
});

function countCp(index: number): number {
  return TRACE.slice(0, index + 1).filter((s) => s.from === 'CP').length;
}

function withoutCode(reply: PdIdReply): Omit<PdIdReply, 'code'> {
  const { code: _code, ...rest } = reply;
  return rest;
}
