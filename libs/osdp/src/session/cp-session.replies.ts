import { CommandCode, NakCode, ReplyCode, ScsType } from '../constants.js';
import { KeyType } from '../payload/payload-enums.js';
import type { OsdpFrame } from '../frame/frame.js';
import { decodeReply } from '../replies/reply-registry.js';
import type { NakReply, OsdpReply } from '../replies/reply.types.js';
import { cpVerifyCcrypt, cpVerifyRmacI } from '../secure-channel/handshake.js';
import { openSecureChannel, unwrapReply } from '../secure-channel/secure-channel.js';
import type { CpStep } from './cp-session.context.js';
import type { InFlightCommand } from './cp-session.types.js';

/** Handles a decoded frame from the line (docs/osdp.md §A8 handshake, §A9 sequence/retry rules). */
export function handleReply(step: CpStep, frame: OsdpFrame): void {
  const { s } = step;
  // Other PDs' replies and other CPs' commands are not ours (the bridge may share one splitter per bus).
  if (!frame.isReply || frame.address !== s.config.address) return;
  const inFlight = s.inFlight;
  if (!inFlight) {
    step.emit({ kind: 'reply-ignored', reason: 'unsolicited', frame });
    return;
  }
  // BUSY comes with SQN 0 and does not advance the sequence: repeat the same bytes a little later.
  if (frame.code === ReplyCode.Busy && !frame.securityBlock) {
    s.inFlight = { ...inFlight, retryAtMs: step.now + s.config.busyRetryMs };
    return;
  }
  if (frame.sequence !== inFlight.sequence) {
    // A late answer to an earlier try; the retry timer covers the loss.
    step.emit({ kind: 'reply-ignored', reason: 'sequence', frame });
    return;
  }

  let plain = frame;
  if (s.secure) {
    if (!frame.securityBlock && frame.code === ReplyCode.Nak) {
      // A PD that failed our MAC answers with a plaintext NAK (libosdp CP accepts it for this case).
      s.lastValidReplyAtMs = step.now;
      step.restartSecureChannel('nak');
      return;
    }
    const unwrapped = unwrapReply(s.secure, frame);
    if (!unwrapped.ok) {
      step.restartSecureChannel('mac-failure');
      return;
    }
    s.secure = unwrapped.state;
    plain = unwrapped.frame;
  }

  s.lastValidReplyAtMs = step.now;
  s.inFlight = undefined;
  const decoded = decodeReply(plain.code, plain.data);
  if (!decoded.ok) {
    if (inFlight.purpose === 'app') {
      step.failCommand(inFlight, 'bad-reply', { detail: decoded.error.detail });
    } else if (inFlight.purpose === 'poll') {
      step.emit({ kind: 'reply-invalid', inResponseTo: inFlight.command.code, error: decoded.error });
    } else {
      failSetup(step, inFlight, decoded.error.detail);
      return;
    }
    step.sendNextQueued();
    return;
  }
  const reply = decoded.reply;
  if (reply.code === ReplyCode.Busy) {
    s.inFlight = { ...inFlight, retryAtMs: step.now + s.config.busyRetryMs };
    return;
  }

  switch (s.phase) {
    case 'id':
      if (reply.code !== ReplyCode.PdId) return failSetup(step, inFlight, describe(reply));
      s.pdId = reply;
      s.phase = 'cap';
      step.send({ code: CommandCode.Cap }, 'probe');
      return;
    case 'cap':
      if (reply.code !== ReplyCode.PdCap) return failSetup(step, inFlight, describe(reply));
      s.pdCap = reply;
      if (s.config.secureChannel) step.beginHandshake(step.configuredKeyIsDefault());
      else step.goOnline();
      return;
    case 'chlng':
      return onCcrypt(step, plain, reply);
    case 'scrypt':
      return onRmacI(step, plain, reply);
    case 'keyset':
      if (reply.code !== ReplyCode.Ack) return failSetup(step, inFlight, describe(reply));
      // The PD stored the key and dropped the session; authenticate again with the new key.
      step.emit({ kind: 'scbk-installed' });
      step.emit({ kind: 'secure-channel-down', reason: 'keyset' });
      step.beginHandshake(false);
      return;
    case 'online':
      return onOnlineReply(step, inFlight, reply);
    default:
      return;
  }
}

function onCcrypt(step: CpStep, frame: OsdpFrame, reply: OsdpReply): void {
  const { s } = step;
  const handshake = s.handshake!;
  if (reply.code !== ReplyCode.Ccrypt || frame.securityBlock?.type !== ScsType.Scs12) {
    return handshakeFailed(step, `CHLNG answered with ${describe(reply)}`);
  }
  const check = cpVerifyCcrypt(step.scbkFor(handshake.useDefaultKey), handshake.rndA, reply.rndB, reply.clientCryptogram);
  if (!check.ok) return handshakeFailed(step, 'client cryptogram does not verify (wrong SCBK?)');
  s.handshake = { ...handshake, keys: check.keys, serverCryptogram: check.serverCryptogram };
  s.phase = 'scrypt';
  step.send({ code: CommandCode.Scrypt, serverCryptogram: check.serverCryptogram }, 'handshake');
}

function onRmacI(step: CpStep, frame: OsdpFrame, reply: OsdpReply): void {
  const { s } = step;
  const handshake = s.handshake!;
  const accepted = frame.securityBlock?.type === ScsType.Scs14 && frame.securityBlock.data[0] === 0x01;
  if (reply.code !== ReplyCode.RmacI || !accepted) return handshakeFailed(step, `SCRYPT answered with ${describe(reply)}`);
  if (!cpVerifyRmacI(handshake.keys!, handshake.serverCryptogram!, reply.rmacI)) {
    return handshakeFailed(step, 'R-MAC-I does not verify');
  }
  s.secure = openSecureChannel(handshake.keys!, reply.rmacI);
  step.emit({ kind: 'secure-channel-up', defaultKey: handshake.useDefaultKey });
  if (handshake.useDefaultKey && !step.configuredKeyIsDefault()) {
    // Install mode: the reader only knew SCBK-D; give it its own key now.
    s.phase = 'keyset';
    s.handshake = undefined;
    step.send({ code: CommandCode.Keyset, keyType: KeyType.Scbk, key: s.config.scbk! }, 'keyset');
    return;
  }
  step.goOnline();
}

function onOnlineReply(step: CpStep, inFlight: InFlightCommand, reply: OsdpReply): void {
  if (reply.code === ReplyCode.Nak) {
    if (onNak(step, inFlight, reply)) return;
  } else if (inFlight.purpose === 'app' || reply.code !== ReplyCode.Ack) {
    step.emit({
      kind: 'reply-received',
      inResponseTo: inFlight.command.code,
      reply,
      ...(inFlight.tag !== undefined ? { tag: inFlight.tag } : {}),
    });
  }
  step.sendNextQueued();
}

/** Returns true when the NAK restarted the session (nothing more to do in this step). */
function onNak(step: CpStep, inFlight: InFlightCommand, nak: NakReply): boolean {
  const { s } = step;
  if (inFlight.purpose === 'app') step.failCommand(inFlight, 'nak', { nak });
  else step.emit({ kind: 'reply-received', inResponseTo: inFlight.command.code, reply: nak });
  if (s.secure && (nak.nakCode === NakCode.EncryptionRequired || nak.nakCode === NakCode.SecurityBlockNotSupported)) {
    step.emit({ kind: 'secure-channel-down', reason: 'nak' });
    step.beginHandshake(step.configuredKeyIsDefault());
    return true;
  }
  if (nak.nakCode === NakCode.SequenceNumber) {
    // The PD lost track of our sequence: start over from ID (sequence 0 resets it).
    if (s.secure) step.emit({ kind: 'secure-channel-down', reason: 'nak' });
    step.startProbe();
    return true;
  }
  return false;
}

/** ID/CAP/KEYSET went wrong: back off and re-probe. */
function failSetup(step: CpStep, inFlight: InFlightCommand, detail: string): void {
  if (inFlight.purpose === 'handshake') return handshakeFailed(step, detail);
  if (inFlight.purpose === 'keyset') {
    step.emit({ kind: 'secure-channel-failed', defaultKey: true, detail: `KEYSET answered with ${detail}` });
    return step.goOffline('handshake-failed');
  }
  step.goOffline('probe-failed');
}

function handshakeFailed(step: CpStep, detail: string): void {
  const { s } = step;
  const usedDefault = s.handshake?.useDefaultKey ?? false;
  step.emit({ kind: 'secure-channel-failed', defaultKey: usedDefault, detail });
  if (!usedDefault && s.config.installMode && !step.configuredKeyIsDefault()) {
    step.beginHandshake(true);
    return;
  }
  step.goOffline('handshake-failed');
}

function describe(reply: OsdpReply): string {
  const name = ReplyCode[reply.code] ?? `0x${reply.code.toString(16)}`;
  return reply.code === ReplyCode.Nak ? `NAK 0x${reply.nakCode.toString(16).padStart(2, '0')}` : name;
}
