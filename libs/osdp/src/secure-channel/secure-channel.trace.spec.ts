import { CommandCode, KeySelector, ReplyCode, ScsType } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { decodeFrame, encodeFrame } from '../frame/frame-codec.js';
import {
  TRACE,
  TRACE_ADDRESS,
  TRACE_CUID,
  TRACE_KEYPAD_PLAINTEXT,
  TRACE_OUT_PLAINTEXT,
  TRACE_RND_A,
  TRACE_RND_B,
  TRACE_SCBK,
} from '../test-vectors/libosdp-trace.js';
import { cpVerifyCcrypt, cpVerifyRmacI, pdAnswerChallenge, pdVerifyScrypt } from './handshake.js';
import {
  openSecureChannel,
  unwrapCommand,
  unwrapReply,
  wrapCommand,
  wrapReply,
  type SecureChannelState,
} from './secure-channel.js';

const decode = (bytes: Buffer): OsdpFrame => {
  const result = decodeFrame(bytes);
  if (!result.ok) throw new Error(result.error.detail);
  return result.frame;
};

const command = (sequence: number, code: number, data: Buffer, securityBlock?: OsdpFrame['securityBlock']): OsdpFrame => ({
  address: TRACE_ADDRESS,
  isReply: false,
  sequence,
  useCrc: true,
  ...(securityBlock ? { securityBlock } : {}),
  code,
  data,
});

const reply = (sequence: number, code: number, data: Buffer, securityBlock?: OsdpFrame['securityBlock']): OsdpFrame => ({
  ...command(sequence, code, data, securityBlock),
  isReply: true,
});

/** Secure part of the trace: the frames after RMAC_I, each with the plaintext it carries. */
const SECURE_STEPS = TRACE.slice(8).map((step) => {
  const plain =
    step.label === 'OUT' ? TRACE_OUT_PLAINTEXT : step.label === 'KEYPAD' ? TRACE_KEYPAD_PLAINTEXT : Buffer.alloc(0);
  const code = { POLL: CommandCode.Poll, OUT: CommandCode.Out, ACK: ReplyCode.Ack, KEYPAD: ReplyCode.Keypad }[step.label]!;
  return { ...step, plain, code };
});

const sc = (type: number): OsdpFrame['securityBlock'] => ({ type, data: Buffer.of(KeySelector.Scbk) });

describe('libosdp captured trace', () => {
  it('should hold 20 frames alternating CP and PD', () => {
    expect(TRACE.map((s) => s.from)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'PD' : 'CP')));
  });

  describe('CP side', () => {
    it('should reproduce every CP frame and verify + decrypt every PD frame', () => {
      expect(encodeFrame(command(0, CommandCode.Id, Buffer.of(0)))).toEqual(TRACE[0]!.bytes);
      expect(encodeFrame(command(1, CommandCode.Cap, Buffer.of(0)))).toEqual(TRACE[2]!.bytes);
      expect(encodeFrame(command(0, CommandCode.Chlng, TRACE_RND_A, sc(ScsType.Scs11)))).toEqual(TRACE[4]!.bytes);

      const ccrypt = decode(TRACE[5]!.bytes);
      expect(ccrypt.securityBlock).toEqual(sc(ScsType.Scs12));
      const rndB = ccrypt.data.subarray(8, 16);
      const check = cpVerifyCcrypt(TRACE_SCBK, TRACE_RND_A, rndB, ccrypt.data.subarray(16));
      if (!check.ok) throw new Error('client cryptogram rejected');
      expect(encodeFrame(command(1, CommandCode.Scrypt, check.serverCryptogram, sc(ScsType.Scs13)))).toEqual(TRACE[6]!.bytes);

      const rmacI = decode(TRACE[7]!.bytes);
      expect(cpVerifyRmacI(check.keys, check.serverCryptogram, rmacI.data)).toBe(true);

      let state: SecureChannelState = openSecureChannel(check.keys, rmacI.data);
      for (const step of SECURE_STEPS) {
        if (step.from === 'CP') {
          const wrapped = wrapCommand(state, command(decode(step.bytes).sequence, step.code, step.plain));
          expect({ label: step.label, bytes: encodeFrame(wrapped.frame) }).toEqual({ label: step.label, bytes: step.bytes });
          state = wrapped.state;
        } else {
          const result = unwrapReply(state, decode(step.bytes));
          if (!result.ok) throw new Error(`${step.label}: ${result.error.detail}`);
          expect(result.frame).toMatchObject({ code: step.code, data: step.plain, isReply: true });
          expect(result.frame.securityBlock).toBeUndefined();
          state = result.state;
        }
      }
    });
  });

  describe('PD side', () => {
    it('should reproduce every PD frame and verify + decrypt every CP frame', () => {
      const chlng = decode(TRACE[4]!.bytes);
      const answer = pdAnswerChallenge(TRACE_SCBK, chlng.data, TRACE_RND_B);
      const ccrypt = reply(0, ReplyCode.Ccrypt, Buffer.concat([TRACE_CUID, TRACE_RND_B, answer.clientCryptogram]), sc(ScsType.Scs12));
      expect(encodeFrame(ccrypt)).toEqual(TRACE[5]!.bytes);

      const scrypt = decode(TRACE[6]!.bytes);
      const check = pdVerifyScrypt(answer.keys, chlng.data, TRACE_RND_B, scrypt.data);
      if (!check.ok) throw new Error('server cryptogram rejected');
      expect(encodeFrame(reply(1, ReplyCode.RmacI, check.rmacI, sc(ScsType.Scs14)))).toEqual(TRACE[7]!.bytes);

      let state = openSecureChannel(answer.keys, check.rmacI);
      for (const step of SECURE_STEPS) {
        if (step.from === 'CP') {
          const result = unwrapCommand(state, decode(step.bytes));
          if (!result.ok) throw new Error(`${step.label}: ${result.error.detail}`);
          expect(result.frame).toMatchObject({ code: step.code, data: step.plain, isReply: false });
          state = result.state;
        } else {
          const wrapped = wrapReply(state, reply(decode(step.bytes).sequence, step.code, step.plain));
          expect({ label: step.label, bytes: encodeFrame(wrapped.frame) }).toEqual({ label: step.label, bytes: step.bytes });
          state = wrapped.state;
        }
      }
    });
  });

  describe('verification failures', () => {
    const established = (): SecureChannelState => {
      const answer = pdAnswerChallenge(TRACE_SCBK, TRACE_RND_A, TRACE_RND_B);
      const check = pdVerifyScrypt(answer.keys, TRACE_RND_A, TRACE_RND_B, decode(TRACE[6]!.bytes).data);
      if (!check.ok) throw new Error('unreachable');
      return openSecureChannel(answer.keys, check.rmacI);
    };
    const firstPoll = decode(TRACE[8]!.bytes);

    it('should reject a flipped MAC bit', () => {
      const mac = Buffer.from(firstPoll.mac!);
      mac[0] ^= 1;
      expect(unwrapCommand(established(), { ...firstPoll, mac })).toMatchObject({ ok: false, error: { kind: 'bad-mac' } });
    });

    it('should accept a repeated command until the reply moves the chain on', () => {
      const first = unwrapCommand(established(), firstPoll);
      if (!first.ok) throw new Error('unreachable');
      // Same R-MAC as IV: a retransmission (same sequence) verifies again.
      expect(unwrapCommand(first.state, firstPoll).ok).toBe(true);
      const replied = wrapReply(first.state, reply(2, ReplyCode.Ack, Buffer.alloc(0)));
      expect(unwrapCommand(replied.state, firstPoll)).toMatchObject({ ok: false, error: { kind: 'bad-mac' } });
    });

    it('should reject a plaintext frame and a reply SCS on the command side', () => {
      expect(unwrapCommand(established(), decode(TRACE[0]!.bytes))).toMatchObject({ ok: false, error: { kind: 'not-secured' } });
      expect(unwrapCommand(established(), decode(TRACE[9]!.bytes))).toMatchObject({ ok: false, error: { kind: 'wrong-scs' } });
    });

    it('should refuse to wrap a frame that already has a security block', () => {
      expect(() => wrapCommand(established(), firstPoll)).toThrow(RangeError);
    });
  });
});
