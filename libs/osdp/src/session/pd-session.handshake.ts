import type { ChlngCommand, ScryptCommand } from '../commands/command.types.js';
import { KeySelector, NakCode, ReplyCode, ScsType } from '../constants.js';
import type { OsdpFrame } from '../frame/frame.js';
import { pdAnswerChallenge, pdVerifyScrypt } from '../secure-channel/handshake.js';
import { openSecureChannel } from '../secure-channel/secure-channel.js';
import { SCBK_DEFAULT } from '../secure-channel/session-keys.js';
import type { PdStep } from './pd-session.context.js';
import type { ReplyTarget } from './pd-session.types.js';

/** CHLNG (SCS_11): pick the key the CP asked for, answer CCRYPT (SCS_12). */
export function onChallenge(step: PdStep, frame: OsdpFrame, command: ChlngCommand, target: ReplyTarget, commandBytes: Buffer): void {
  const { s } = step;
  step.dropSecure('handshake');
  s.handshake = undefined;
  const selector = frame.securityBlock?.data[0];
  const scbk = selector === KeySelector.Scbk ? s.scbk : selector === KeySelector.Default && s.installMode ? SCBK_DEFAULT : undefined;
  if (frame.securityBlock?.type !== ScsType.Scs11 || selector === undefined || !scbk || !s.config.randomBytes) {
    return step.nak(target, commandBytes, command.code, NakCode.SecurityBlockNotSupported, `no key for selector ${String(selector)}`);
  }
  const rndB = Buffer.from(s.config.randomBytes(8));
  const answer = pdAnswerChallenge(scbk, command.rndA, rndB);
  s.handshake = { rndA: Buffer.from(command.rndA), rndB, keys: answer.keys, defaultKey: selector === KeySelector.Default };
  step.reply(
    target,
    commandBytes,
    { code: ReplyCode.Ccrypt, cUid: s.config.cUid, rndB, clientCryptogram: answer.clientCryptogram },
    { type: ScsType.Scs12, data: Buffer.of(selector) },
  );
}

/** SCRYPT (SCS_13): authenticate the CP, answer RMAC_I (SCS_14) and open the channel. */
export function onServerCryptogram(
  step: PdStep,
  frame: OsdpFrame,
  command: ScryptCommand,
  target: ReplyTarget,
  commandBytes: Buffer,
): void {
  const { s, now } = step;
  const handshake = s.handshake;
  s.handshake = undefined;
  if (frame.securityBlock?.type !== ScsType.Scs13 || !handshake) {
    return step.nak(target, commandBytes, command.code, NakCode.SecurityBlockNotSupported, 'SCRYPT without CHLNG');
  }
  const check = pdVerifyScrypt(handshake.keys, handshake.rndA, handshake.rndB, command.serverCryptogram);
  if (!check.ok) {
    // libosdp NAKs rather than sending RMAC_I with status 0xFF.
    return step.nak(target, commandBytes, command.code, NakCode.SecurityBlockNotSupported, 'server cryptogram does not verify');
  }
  step.reply(target, commandBytes, { code: ReplyCode.RmacI, rmacI: check.rmacI }, { type: ScsType.Scs14, data: Buffer.of(0x01) });
  s.secure = openSecureChannel(handshake.keys, check.rmacI);
  s.secureUntilMs = now + s.config.secureChannelTimeoutMs;
  step.emit({ kind: 'secure-channel-up', defaultKey: handshake.defaultKey });
}
