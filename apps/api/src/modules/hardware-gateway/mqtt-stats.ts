import { Injectable } from '@nestjs/common';

/** Counters of inbound MQTT traffic, by topic kind (shown on /health). */
@Injectable()
export class MqttStats {
  readonly received: Record<string, number> = {};
  readonly invalid: Record<string, number> = {};
  readonly failed: Record<string, number> = {};
  connected = false;
  lastError?: string;

  count(bucket: Record<string, number>, kind: string): void {
    bucket[kind] = (bucket[kind] ?? 0) + 1;
  }

  totals(): { received: number; invalid: number; failed: number } {
    const sum = (b: Record<string, number>) => Object.values(b).reduce((a, n) => a + n, 0);
    return { received: sum(this.received), invalid: sum(this.invalid), failed: sum(this.failed) };
  }
}
