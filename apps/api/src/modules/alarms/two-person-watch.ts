import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { StayChanges } from '../../common/changes/stay-changes.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { NewLogRecord } from '../access-log/access-log.types.js';
import { LogAppender } from '../access-log/log-appender.js';
import { AlarmRecordType } from './alarm-types.js';
import { TwoPersonSnapshotReader } from './two-person-snapshot.reader.js';
import { planTwoPersonAlarms } from './two-person-rule.js';

/** How often the window is checked when nothing happens at the doors: an alarm is at most this late. */
const TICK_MS = 1000;

/**
 * Raises and clears two-person-rule alarms in the access log in real time: at once after every stay change,
 * and on a periodic tick so a window that runs out with nobody at the doors is caught. It keeps no state of
 * its own: each evaluation reads the ledger and the log, so a restarted or second api process carries on
 * where the records are, and derived record ids keep every alarm and clearing in the log once.
 */
@Injectable()
export class TwoPersonWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TwoPersonWatch.name);
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;
  private running: Promise<unknown> = Promise.resolve();
  private queued = false;
  /** Areas under the rule at the last evaluation: only their stay changes need one at once (the tick sees the rest). */
  private ruleAreas: ReadonlySet<string> = new Set();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reader: TwoPersonSnapshotReader,
    private readonly appender: LogAppender,
    private readonly stays: StayChanges,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.stays.changes.subscribe((areaId) => this.ruleAreas.has(areaId) && this.schedule());
    this.timer = setInterval(() => this.schedule(), TICK_MS);
    this.timer.unref();
    this.schedule(); // catch up with whatever happened while no api was running
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await this.running;
  }

  /** Brings the log in line with the rule at `now`; returns the records this call stored. */
  async evaluate(now = new Date()): Promise<NewLogRecord[]> {
    const snapshot = await this.reader.read();
    this.ruleAreas = snapshot.ruleAreaIds;
    const planned = planTwoPersonAlarms(snapshot, now, this.config.twoPersonWindowMs);
    if (planned.length === 0) return [];
    const { appended } = await this.appender.append(planned);
    const stored = planned.filter((r) => appended.includes(r.id));
    for (const r of stored) {
      if (r.type === AlarmRecordType.TwoPersonAlone) this.logger.warn({ alarmId: r.id, areaId: r.areaId, personId: r.personId, since: r.body.since }, 'two-person rule: one person alone');
      else this.logger.log({ alarmId: r.body.alarmId, areaId: r.areaId, reason: r.body.reason }, 'two-person alarm cleared');
    }
    return stored;
  }

  /** One evaluation at a time; triggers that arrive meanwhile fold into one more. */
  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    this.running = this.running
      .then(() => {
        this.queued = false;
        return this.evaluate();
      })
      .catch((err: Error) => this.logger.error({ err: err.message }, 'two-person evaluation failed'));
  }
}
