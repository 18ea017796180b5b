import { BridgeEventType, type BridgeCommand, type CommandResult, type CredentialCacheRequest, type VeinCaptureParams } from '#contracts';
import { isoNow, type Clock } from '../clock/clock.js';
import type { Door } from '../devices/door.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';
import type { Outbox } from '../outbox/outbox.js';
import type { SeenCommands } from './seen-command.store.js';

export const CommandCode = {
  Expired: 'EXPIRED',
  Duplicate: 'DUPLICATE',
  UnknownDoor: 'UNKNOWN_DOOR',
  UnlockFailed: 'UNLOCK_FAILED',
  PublishFailed: 'PUBLISH_FAILED',
  UnknownReader: 'UNKNOWN_READER',
  NotSupported: 'NOT_SUPPORTED',
} as const;

/** What the handler needs of enrolment through a reader (`VeinCapture`). */
export interface VeinCaptures {
  knowsReader(readerId: string): boolean;
  /** Runs the capture and publishes its own result. */
  run(captureId: string, params: VeinCaptureParams): Promise<unknown>;
}

export interface CommandHandlerDeps {
  doors: ReadonlyMap<string, Door>;
  seen: SeenCommands;
  outbox: Outbox;
  mqtt: MqttPort;
  resultTopic: string;
  cacheRequestTopic: string;
  clock: Clock;
  logger: Logger;
  /** Absent: `vein-capture` commands are refused as not supported. */
  captures?: VeinCaptures;
}

/**
 * Executes api commands at most once (idempotent by id) and never after `expiresAt`: a command queued at the
 * broker while the bridge was away must not open a door minutes later.
 */
export class CommandHandler {
  constructor(private readonly deps: CommandHandlerDeps) {}

  async handle(command: BridgeCommand): Promise<CommandResult> {
    const result = await this.execute(command);
    this.deps.logger.info(
      { commandId: command.id, type: command.type, doorId: command.doorId, readerId: command.capture?.readerId, status: result.status, code: result.code },
      'command handled',
    );
    await this.deps.mqtt.publish(this.deps.resultTopic, result, { qos: 1 }).catch((error: unknown) => {
      this.deps.logger.warn({ commandId: command.id, err: errorMessage(error) }, 'command result not published');
    });
    return result;
  }

  private async execute(command: BridgeCommand): Promise<CommandResult> {
    const now = this.deps.clock.nowMs();
    const expiresAtMs = Date.parse(command.expiresAt);
    // Remembered before anything runs, so a redelivery racing the first copy is refused too.
    if (!this.deps.seen.remember(command.id, expiresAtMs, now)) {
      return this.result(command, 'rejected', CommandCode.Duplicate, 'already received; not executed again');
    }
    if (!(expiresAtMs > now)) return this.reject(command, CommandCode.Expired, `expired at ${command.expiresAt}`);
    switch (command.type) {
      case 'unlock':
        return this.unlock(command);
      case 'sync-cache':
        return this.syncCache(command);
      case 'vein-capture':
        return this.capture(command);
    }
  }

  private async unlock(command: BridgeCommand): Promise<CommandResult> {
    const door = command.doorId === undefined ? undefined : this.deps.doors.get(command.doorId);
    if (!door) return this.reject(command, CommandCode.UnknownDoor, `no door ${command.doorId ?? '(none given)'} on this bridge`);
    try {
      // Capped by the door whatever pulseMs says; the door event recorder logs `door.unlocked` (cause remote).
      const pulseMs = await door.unlock(command.pulseMs ?? door.settings.strike.pulseMs, { kind: 'remote', commandId: command.id });
      return this.result(command, 'ok', undefined, `unlocked for ${pulseMs} ms`);
    } catch (error) {
      return this.result(command, 'error', CommandCode.UnlockFailed, errorMessage(error).slice(0, 500));
    }
  }

  /** Accepted at once; the capture (up to its timeout) runs on and publishes a `VeinCaptureResult`. */
  private capture(command: BridgeCommand): CommandResult {
    const { captures } = this.deps;
    const params = command.capture;
    if (!captures || !params) return this.reject(command, CommandCode.NotSupported, 'vein capture is not supported by this bridge');
    if (!captures.knowsReader(params.readerId)) return this.reject(command, CommandCode.UnknownReader, `no reader ${params.readerId} on this bridge`);
    void captures.run(command.id, params);
    return this.result(command, 'ok', undefined, 'capture started');
  }

  private async syncCache(command: BridgeCommand): Promise<CommandResult> {
    const request: CredentialCacheRequest = { haveVersion: 0 };
    try {
      await this.deps.mqtt.publish(this.deps.cacheRequestTopic, request, { qos: 1 });
      return this.result(command, 'ok', undefined, 'full cache requested');
    } catch (error) {
      return this.result(command, 'error', CommandCode.PublishFailed, errorMessage(error).slice(0, 500));
    }
  }

  /** Refusals are facts worth keeping: they go to the outbox as `command.rejected` too. */
  private reject(command: BridgeCommand, code: string, message: string): CommandResult {
    this.deps.outbox.append(BridgeEventType.CommandRejected, {
      ...(command.doorId !== undefined && this.deps.doors.has(command.doorId) && { doorId: command.doorId }),
      payload: { commandId: command.id, code },
    });
    return this.result(command, 'rejected', code, message);
  }

  private result(command: BridgeCommand, status: CommandResult['status'], code: string | undefined, message: string): CommandResult {
    return {
      commandId: command.id,
      status,
      ...(code !== undefined && { code }),
      message,
      completedAt: isoNow(this.deps.clock),
    };
  }
}
