import { Inject, Injectable } from '@nestjs/common';
import { uuidv7 } from 'uuidv7';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LogAppender } from '../access-log/log-appender.js';
import { LogKind } from '../access-log/access-log.types.js';
import { ClockOffsetRecordType } from '../alarms/alarm-types.js';

/**
 * Watches each bridge's clock against the api's (from the `bridgeTime` of its status heartbeats). Crossing the
 * threshold is recorded as an alarm in the access log, and so is the return to normal: records keep both
 * clocks, and an auditor must know when a bridge's were off (policy 6(1)イ).
 */
@Injectable()
export class ClockWatch {
  private readonly alarmed = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly appender: LogAppender,
  ) {}

  isAlarmed(bridgeId: string): boolean {
    return this.alarmed.has(bridgeId);
  }

  async observe(bridgeId: string, offsetMs: number | undefined, now = new Date()): Promise<void> {
    if (offsetMs === undefined) return;
    const off = Math.abs(offsetMs) > this.config.clockOffsetAlarmMs;
    if (off === this.alarmed.has(bridgeId)) return;
    if (off) this.alarmed.add(bridgeId);
    else this.alarmed.delete(bridgeId);
    await this.appender.append([
      {
        id: uuidv7(),
        kind: LogKind.Bridge,
        type: off ? ClockOffsetRecordType.Exceeded : ClockOffsetRecordType.Recovered,
        occurredAt: now,
        source: 'api',
        body: { bridgeId, offsetMs: Math.round(offsetMs), thresholdMs: this.config.clockOffsetAlarmMs },
      },
    ]);
  }
}
