import type { Clock, TimerHandle } from '../clock/clock.js';
import { errorMessage, type Logger } from '../logging/logger.js';

/**
 * Republishes the bridge's retained status every interval: the api learns the bridge is alive and, from
 * `bridgeTime`, how far the bridge's clock is from its own (policy 6(1)イ: records need accurate time).
 */
export class StatusHeartbeat {
  private timer?: TimerHandle;
  private stopped = false;

  constructor(
    private readonly publish: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.publish()
        .catch((error: unknown) => this.logger.warn({ err: errorMessage(error) }, 'status heartbeat failed'))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }
}
