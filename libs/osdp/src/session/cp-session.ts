import type { OsdpCommand } from '../commands/command.types.js';
import { encodeCommand } from '../commands/command-registry.js';
import { CommandCode } from '../constants.js';
import { CpStep } from './cp-session.context.js';
import { handleReply } from './cp-session.replies.js';
import type { CommandTag, CpSessionInput, CpSessionState, CpSessionStep } from './cp-session.types.js';

/** Commands the session sends itself; letting the application send them would break the session. */
const SESSION_ONLY: readonly number[] = Object.freeze([CommandCode.Chlng, CommandCode.Scrypt, CommandCode.Keyset, CommandCode.Poll]);

/**
 * Control-panel session for one PD as a pure reducer (docs/osdp.md §A8, §A9):
 * ID → CAP → secure channel (CHLNG/CCRYPT/SCRYPT/RMAC_I) → [KEYSET in install mode] → online, POLL at the
 * configured interval, queued commands in between. Retries repeat the same bytes after the reply timeout,
 * 8 s without a valid reply → offline, back off, probe again. The input state is never mutated.
 */
export function reduceCpSession(state: CpSessionState, input: CpSessionInput, nowMs: number): CpSessionStep {
  const step = new CpStep(state, nowMs);
  switch (input.type) {
    case 'tick':
      onTick(step);
      break;
    case 'reply':
      if (step.s.phase !== 'offline' && step.s.phase !== 'init') handleReply(step, input.frame);
      break;
    case 'send':
      onSend(step, input.command, input.tag);
      break;
    case 'line-error':
      // The reply was damaged on the wire; asking again now beats waiting for the timeout.
      if (step.s.inFlight) step.retransmit();
      break;
  }
  return step.result();
}

function onTick(step: CpStep): void {
  const { s, now } = step;
  if (s.phase === 'init' || (s.phase === 'offline' && now >= s.reprobeAtMs)) {
    step.startProbe();
    return;
  }
  if (s.phase === 'offline') return;
  if (now - s.lastValidReplyAtMs >= s.config.offlineTimeoutMs) {
    step.goOffline('timeout');
    return;
  }
  if (s.inFlight) {
    if (now >= s.inFlight.retryAtMs) step.retransmit();
    return;
  }
  if (s.phase !== 'online') return;
  if (s.queue.length > 0) {
    step.sendNextQueued();
  } else if (now - s.lastSentAtMs >= s.config.pollIntervalMs) {
    step.send({ code: CommandCode.Poll }, 'poll');
  }
}

function onSend(step: CpStep, command: OsdpCommand, tag: CommandTag | undefined): void {
  const { s } = step;
  const queued = tag !== undefined ? { command, tag } : { command };
  if (SESSION_ONLY.includes(command.code)) {
    step.failCommand(queued, 'not-allowed', { detail: 'this command is managed by the session' });
    return;
  }
  try {
    encodeCommand(command);
  } catch (error) {
    step.failCommand(queued, 'invalid', { detail: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (s.phase === 'offline') {
    step.failCommand(queued, 'offline');
    return;
  }
  if (s.queue.length >= s.config.maxQueuedCommands) {
    step.failCommand(queued, 'queue-full');
    return;
  }
  s.queue = [...s.queue, queued];
  step.sendNextQueued();
}
