import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BridgeEventType, validatePayload, AttemptUndecidedPayload, type BridgeEvent } from '#contracts';
import { DataSource } from 'typeorm';
import { AccessDecisionsService } from '../access-decisions/access-decisions.service.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind, type NewLogRecord } from '../access-log/access-log.types.js';
import { LogAppender } from '../access-log/log-appender.js';

const kindOf = (type: string): LogKind =>
  type.startsWith('door.') ? LogKind.Door : type.startsWith('reader.') ? LogKind.Reader : LogKind.Bridge;

/**
 * Stores bridge events in the access log. Returns once they are durably committed: only then may the bridge
 * drop them from its outbox. A duplicate delivery is acknowledged and stored once.
 */
@Injectable()
export class BridgeEventsIngestor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AccessLogRepository,
    private readonly decisions: AccessDecisionsService,
    private readonly appender: LogAppender,
  ) {}

  private readonly doorAreas = new Map<string, string>();

  /**
   * Queues the event for storage and resolves once it is queued (so a caller can keep a bridge's events in
   * order without waiting for each commit); `committed` resolves when the record is durable.
   */
  async submit(event: BridgeEvent): Promise<{ committed: Promise<void> }> {
    const committed = event.type === BridgeEventType.AttemptUndecided
      ? this.ingest(event)
      : this.appender.append([await this.toRecord(event)]).then(() => undefined);
    committed.catch(() => undefined); // the caller awaits it; this only keeps Node from calling it unhandled meanwhile
    return { committed };
  }

  async ingest(event: BridgeEvent): Promise<void> {
    if (event.type === BridgeEventType.AttemptUndecided) {
      const payload = validatePayload(AttemptUndecidedPayload, event.payload);
      if (!payload.ok) throw new Error('attempt.undecided payload invalid');
      await this.dataSource.transaction(async (m) => {
        await m.query('SELECT 1 FROM log_heads WHERE log_id = $1 FOR UPDATE', ['main']);
        if (await this.log.findById(event.id, m)) return;
        await this.decisions.recordUndecided(m, event.id, payload.value.request, payload.value.localReason, new Date(event.occurredAt), event.seq);
      });
      return;
    }
    // Plain events share group commits with every other event arriving at the same time.
    await this.appender.append([await this.toRecord(event)]);
  }

  private async toRecord(event: BridgeEvent): Promise<NewLogRecord> {
    return {
        id: event.id,
        kind: kindOf(event.type),
        type: event.type,
        occurredAt: new Date(event.occurredAt),
        source: event.bridgeId,
        sourceSeq: event.seq,
        attemptId: event.attemptId,
        areaId: event.doorId ? await this.areaOf(event.doorId) : undefined,
        doorId: event.doorId,
        readerId: event.readerId,
        body: event.payload,
    };
  }

  /** Doors never move between areas (a door is re-registered instead), so the lookup is cached. */
  private async areaOf(doorId: string): Promise<string | undefined> {
    if (!this.doorAreas.has(doorId)) {
      const [door] = await this.dataSource.query('SELECT area_id FROM doors WHERE id = $1', [doorId]);
      if (!door) return undefined;
      this.doorAreas.set(doorId, door.area_id);
    }
    return this.doorAreas.get(doorId);
  }
}
