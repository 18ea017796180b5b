import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DecisionReply, DecisionRequest } from '#contracts';
import { decideAccess, messageFor, ReasonCode, type AccessDecision } from '#domain';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind, MAIN_LOG, type LogRecord, type NewLogRecord } from '../access-log/access-log.types.js';
import { LedgerProjector } from '../ledger/ledger.projector.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { StayChanges } from '../../common/changes/stay-changes.js';
import { PinService } from '../credentials/pin.service.js';
import { DecisionFactsLoader } from './decision-facts.loader.js';

/**
 * Decides one attempt at a door and records the attempt and the decision in the access log in the same
 * transaction as the ledger update. A retried request (same attemptId) gets the decision already recorded.
 */
@Injectable()
export class AccessDecisionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AccessLogRepository,
    private readonly facts: DecisionFactsLoader,
    private readonly ledger: LedgerProjector,
    private readonly pins: PinService,
    private readonly changes: CredentialChanges,
    private readonly stays: StayChanges,
  ) {}

  async decide(req: DecisionRequest, now = new Date()): Promise<DecisionReply> {
    let pinUsabilityChanged = false;
    let stayChangedIn: string | undefined;
    const reply = await this.dataSource.transaction(async (m) => {
      // Serialise with every other append before looking for an earlier decision of this attempt.
      await m.query('SELECT 1 FROM log_heads WHERE log_id = $1 FOR UPDATE', [MAIN_LOG]);
      const prior = await this.priorDecision(m, req.attemptId);
      if (prior) return replyFromRecord(req.correlationId, prior);

      const loaded = await this.facts.load(m, req, now);
      const tooLate = now.getTime() > Date.parse(req.respondBy);
      const decision: AccessDecision = tooLate
        ? { outcome: 'deny', reason: ReasonCode.DecisionTooLate, message: messageFor(ReasonCode.DecisionTooLate) }
        : decideAccess({ direction: req.direction, pin: req.factors.pin, vein: req.factors.vein }, loaded.facts, now);
      const decisionId = uuidv7();
      const unlockMs = decision.outcome === 'grant' ? this.config.unlockMs : undefined;
      const escortPersonId = decision.outcome === 'grant' && loaded.facts.person?.kind === 'contractor' ? loaded.escortPersonId : undefined;

      await this.log.append(m, [
        attemptRecord(req, loaded.areaId),
        {
          id: decisionId,
          kind: LogKind.Decision,
          type: 'decision.online',
          occurredAt: now,
          source: 'api',
          attemptId: req.attemptId,
          personId: req.personId ?? undefined,
          areaId: loaded.areaId,
          doorId: req.doorId,
          readerId: req.readerId,
          outcome: decision.outcome,
          reason: decision.reason,
          body: { direction: req.direction, unlockMs, escortPersonId, message: decision.message },
        },
      ]);
      // Failed authentications at the door (wrong PIN, or right PIN with the wrong vein) count towards the
      // lockout (4(4)); a full success resets the count.
      const factorsResult = doorAuthentication(req);
      if (req.personId && factorsResult && !tooLate) {
        pinUsabilityChanged = await this.pins.recordDoorResult(m, req.personId, factorsResult, now);
      }
      if (decision.outcome === 'grant' && req.personId && loaded.areaId) {
        await this.ledger.applyGrant(m, {
          attemptId: req.attemptId,
          personId: req.personId,
          areaId: loaded.areaId,
          doorId: req.doorId,
          direction: req.direction,
          at: now,
          method: 'vein+pin',
          escortPersonId,
        });
        stayChangedIn = loaded.areaId;
      }
      return {
        correlationId: req.correlationId,
        attemptId: req.attemptId,
        decisionId,
        outcome: decision.outcome,
        reason: decision.reason,
        unlockMs,
        display: decision.message,
        decidedAt: now.toISOString(),
      };
    });
    if (pinUsabilityChanged) this.changes.notify('pin.locked');
    if (stayChangedIn) this.stays.notify(stayChangedIn);
    return reply;
  }

  /**
   * Records an attempt the bridge had to deny on its own (no answer from the api in time). When the api did
   * decide after all (the reply was lost), the event is kept as a plain bridge record next to that decision.
   */
  async recordUndecided(m: EntityManager, eventId: string, req: DecisionRequest, localReason: string, occurredAt: Date, seq: number): Promise<void> {
    const prior = await this.priorDecision(m, req.attemptId);
    const door = await m.query('SELECT area_id FROM doors WHERE id = $1', [req.doorId]);
    const areaId: string | undefined = door[0]?.area_id;
    const base = { source: req.bridgeId, sourceSeq: seq, attemptId: req.attemptId, personId: req.personId ?? undefined, areaId, doorId: req.doorId, readerId: req.readerId };
    if (prior) {
      await this.log.append(m, [{ ...base, id: eventId, kind: LogKind.Bridge, type: 'attempt.undecided', occurredAt, body: { localReason } }]);
      return;
    }
    await this.log.append(m, [
      attemptRecord(req, areaId),
      {
        ...base,
        id: eventId,
        kind: LogKind.Decision,
        type: 'decision.bridge-local',
        occurredAt,
        outcome: 'deny',
        reason: localReason,
        body: { direction: req.direction, message: messageFor(ReasonCode.ApiUnavailable) },
      },
    ]);
  }

  private async priorDecision(m: EntityManager, attemptId: string): Promise<LogRecord | undefined> {
    return (await this.log.findByAttempt(attemptId, m)).find((r) => r.kind === LogKind.Decision);
  }
}

function doorAuthentication(req: DecisionRequest): 'ok' | 'fail' | undefined {
  if (req.factors.pin === 'fail') return 'fail';
  if (req.factors.pin !== 'ok') return undefined;
  if (req.factors.vein.result === 'no-match') return 'fail';
  return req.factors.vein.result === 'match' ? 'ok' : undefined;
}

function attemptRecord(req: DecisionRequest, areaId: string | undefined): NewLogRecord {
  return {
    id: req.attemptId,
    kind: LogKind.Attempt,
    type: `attempt.${req.direction}`,
    occurredAt: new Date(req.occurredAt),
    source: req.bridgeId,
    attemptId: req.attemptId,
    personId: req.personId ?? undefined,
    areaId,
    doorId: req.doorId,
    readerId: req.readerId,
    // The claimed identifier and factor results only: a PIN never reaches the api.
    body: { direction: req.direction, identifier: req.identifier, factors: req.factors, cacheVersion: req.cacheVersion },
  };
}

function replyFromRecord(correlationId: string, r: LogRecord): DecisionReply {
  const body = r.body as { unlockMs?: number; message?: { ja: string; en: string } };
  const reason = (r.reason ?? ReasonCode.ApiUnavailable) as ReasonCode;
  return {
    correlationId,
    attemptId: r.attemptId!,
    decisionId: r.id,
    outcome: r.outcome ?? 'deny',
    reason,
    unlockMs: body.unlockMs,
    display: body.message ?? messageFor(reason),
    decidedAt: r.occurredAt.toISOString(),
  };
}
