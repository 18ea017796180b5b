import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BridgeEventType, validatePayload, AttemptUndecidedPayload, type BridgeEvent } from '#contracts';
import { DataSource } from 'typeorm';
import { AccessDecisionsService } from '../access-decisions/access-decisions.service.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind } from '../access-log/access-log.types.js';

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
  ) {}

  async ingest(event: BridgeEvent): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (event.type === BridgeEventType.AttemptUndecided) {
        const payload = validatePayload(AttemptUndecidedPayload, event.payload);
        if (!payload.ok) throw new Error('attempt.undecided payload invalid');
        await m.query('SELECT 1 FROM log_heads WHERE log_id = $1 FOR UPDATE', ['main']);
        if (await this.log.findById(event.id, m)) return;
        await this.decisions.recordUndecided(m, event.id, payload.value.request, payload.value.localReason, new Date(event.occurredAt), event.seq);
        return;
      }
      const [door] = event.doorId ? await m.query('SELECT area_id FROM doors WHERE id = $1', [event.doorId]) : [];
      await this.log.append(m, [
        {
          id: event.id,
          kind: kindOf(event.type),
          type: event.type,
          occurredAt: new Date(event.occurredAt),
          source: event.bridgeId,
          sourceSeq: event.seq,
          attemptId: event.attemptId,
          areaId: door?.area_id,
          doorId: event.doorId,
          readerId: event.readerId,
          body: event.payload,
        },
      ]);
    });
  }
}
