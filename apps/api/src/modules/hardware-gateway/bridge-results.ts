import { Injectable } from '@nestjs/common';
import type { CommandResult, VeinCaptureResult } from '#contracts';

type Handler<T> = (bridgeId: string, value: T) => Promise<void>;

/**
 * Hands what bridges send back (command results, capture results) to the feature that asked for it, so the
 * gateway need not know those features and they need not subscribe themselves. Payloads arrive validated and
 * checked against their topic's bridge.
 */
@Injectable()
export class BridgeResults {
  private readonly captureHandlers: Array<Handler<VeinCaptureResult>> = [];
  private readonly commandHandlers: Array<Handler<CommandResult>> = [];

  onVeinCapture(handler: Handler<VeinCaptureResult>): void {
    this.captureHandlers.push(handler);
  }

  onCommandResult(handler: Handler<CommandResult>): void {
    this.commandHandlers.push(handler);
  }

  async veinCapture(bridgeId: string, result: VeinCaptureResult): Promise<void> {
    await Promise.all(this.captureHandlers.map((h) => h(bridgeId, result)));
  }

  async commandResult(bridgeId: string, result: CommandResult): Promise<void> {
    await Promise.all(this.commandHandlers.map((h) => h(bridgeId, result)));
  }
}
