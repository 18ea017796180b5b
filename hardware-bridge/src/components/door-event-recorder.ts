import { BridgeEventType } from '#contracts';
import type { Door, UnlockCause } from '../devices/door.js';
import type { Outbox } from '../outbox/outbox.js';

/**
 * Turns a door's facts into outbox events: one place for grants and remote unlocks alike, each linked to the
 * attempt (or command) whose unlock was active.
 */
export class DoorEventRecorder {
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly door: Door,
    private readonly outbox: Outbox,
  ) {}

  start(): void {
    const doorId = this.door.id;
    const linked = (cause: UnlockCause | undefined) => ({
      doorId,
      ...(cause?.kind === 'grant' && { attemptId: cause.attemptId }),
    });
    this.off.push(
      this.door.on('unlocked', ({ pulseMs, cause }) =>
        this.outbox.append(BridgeEventType.DoorUnlocked, {
          ...linked(cause),
          ...(cause.kind === 'grant' && { readerId: cause.readerId }),
          payload:
            cause.kind === 'grant'
              ? { pulseMs, cause: 'grant', decisionId: cause.decisionId }
              : { pulseMs, cause: 'remote', commandId: cause.commandId },
        }),
      ),
      this.door.on('opened', ({ cause }) => this.outbox.append(BridgeEventType.DoorOpened, linked(cause))),
      this.door.on('closed', ({ cause }) => this.outbox.append(BridgeEventType.DoorClosed, linked(cause))),
      this.door.on('relocked', ({ cause }) => this.outbox.append(BridgeEventType.DoorRelocked, linked(cause))),
      this.door.on('forced-open', () => this.outbox.append(BridgeEventType.DoorForcedOpen, { doorId })),
      this.door.on('held-open', ({ openForMs, cause }) =>
        this.outbox.append(BridgeEventType.DoorHeldOpen, { ...linked(cause), payload: { openForMs } }),
      ),
      this.door.on('exit-requested', () => this.outbox.append(BridgeEventType.ExitRequested, { doorId })),
    );
  }

  stop(): void {
    this.off.splice(0).forEach((off) => off());
  }
}
