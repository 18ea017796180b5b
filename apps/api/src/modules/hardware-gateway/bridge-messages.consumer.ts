import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  BridgeStatus,
  CommandResult,
  CredentialCacheRequest,
  DecisionRequest,
  decodeBridgeEvent,
  decodePayload,
  decodeVeinCaptureResult,
  parseTopic,
  subscriptions,
  topics,
  type Decoded,
  type ParsedTopic,
} from '#contracts';
import { AccessDecisionsService } from '../access-decisions/access-decisions.service.js';
import { BridgeEventsIngestor } from './bridge-events.ingestor.js';
import { BridgeRegistry } from './bridge-registry.js';
import { BridgeResults } from './bridge-results.js';
import { ClockWatch } from './clock-watch.js';
import { CredentialCacheSender } from './credential-cache.sender.js';
import { MqttConnection } from './mqtt-connection.js';
import { MqttStats } from './mqtt-stats.js';
import { SerialQueue } from './serial-queue.js';

/**
 * Everything the api hears from bridges: validated on receipt (invalid payloads are counted, logged without
 * their content and dropped), then routed. Events of one bridge are stored in arrival order.
 */
@Injectable()
export class BridgeMessagesConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(BridgeMessagesConsumer.name);
  private readonly eventQueues = new SerialQueue();

  constructor(
    private readonly mqtt: MqttConnection,
    private readonly stats: MqttStats,
    private readonly registry: BridgeRegistry,
    private readonly decisions: AccessDecisionsService,
    private readonly ingestor: BridgeEventsIngestor,
    private readonly caches: CredentialCacheSender,
    private readonly clocks: ClockWatch,
    private readonly results: BridgeResults,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const base = this.mqtt.baseTopic;
    await this.mqtt.connect(
      [
        subscriptions.allBridgeStatus(base),
        subscriptions.allBridgeEvents(base),
        subscriptions.allDecisionRequests(base),
        subscriptions.allCommandResults(base),
        subscriptions.allVeinCaptureResults(base),
        subscriptions.allCacheRequests(base),
      ],
      (topic, payload) => this.onMessage(topic, payload),
    );
  }

  onMessage(topic: string, payload: Buffer): void {
    const parsed = parseTopic(this.mqtt.baseTopic, topic);
    if (!parsed || parsed.kind === 'api-status') return;
    this.stats.count(this.stats.received, parsed.kind);
    this.route(parsed, payload).catch((err: Error) => {
      this.stats.count(this.stats.failed, parsed.kind);
      this.logger.error({ err: err.message, topic }, 'handling a bridge message failed');
    });
  }

  private async route(t: ParsedTopic & { kind: string }, payload: Buffer): Promise<void> {
    if (!('bridgeId' in t)) return;
    const { bridgeId } = t;
    switch (t.kind) {
      case 'bridge-status': {
        const status = this.valid(t, decodePayload(BridgeStatus, payload));
        if (!status) return;
        const bridge = this.registry.update(bridgeId, status);
        if (status.state === 'online') await this.clocks.observe(bridgeId, bridge.clockOffsetMs);
        // A bridge without a cache, or one this api process has not sent a cache yet (so deltas have no base,
        // and its keys may have changed since): a full snapshot.
        if (status.state === 'online' && (status.cacheVersion === 0 || !this.caches.knows(bridgeId))) await this.caches.sendFull(bridgeId, 'bridge online');
        return;
      }
      case 'credential-cache-request': {
        const request = this.valid(t, decodePayload(CredentialCacheRequest, payload));
        if (!request) return;
        await this.caches.sendFull(bridgeId, `requested (has ${request.haveVersion})`);
        return;
      }
      case 'decision-requests': {
        const req = this.valid(t, decodePayload(DecisionRequest, payload));
        // A bridge may only ask about itself and only have replies sent to its own reply topic.
        const replyTo = topics.decisionReplies(this.mqtt.baseTopic, bridgeId);
        if (!req || !this.sameBridge(t, req.bridgeId) || !this.expected(t, req.replyTo === replyTo, 'replyTo')) return;
        const reply = await this.decisions.decide(req);
        await this.mqtt.publish(replyTo, reply);
        return;
      }
      case 'bridge-events': {
        const event = this.valid(t, decodeBridgeEvent(payload));
        if (!event || !this.sameBridge(t, event.bridgeId)) return;
        // Queued in arrival order per bridge; stored by group commit; acknowledged only once durable.
        let committed: Promise<void> = Promise.resolve();
        await this.eventQueues.run(bridgeId, async () => {
          ({ committed } = await this.ingestor.submit(event));
        });
        await committed;
        await this.mqtt.publish(topics.bridgeEventAcks(this.mqtt.baseTopic, bridgeId), { ids: [event.id] });
        return;
      }
      case 'bridge-command-results': {
        const result = this.valid(t, decodePayload(CommandResult, payload));
        if (!result) return;
        this.logger.log({ bridgeId, commandId: result.commandId, status: result.status, code: result.code }, 'command result');
        await this.results.commandResult(bridgeId, result);
        return;
      }
      case 'vein-capture-results': {
        // Ids and status only in any log line: the sealed template stays out of logs too.
        const result = this.valid(t, decodeVeinCaptureResult(payload));
        if (result && this.sameBridge(t, result.bridgeId)) await this.results.veinCapture(bridgeId, result);
        return;
      }
      default:
        return;
    }
  }

  private valid<T>(t: ParsedTopic, decoded: Decoded<T>): T | undefined {
    if (decoded.ok) return decoded.value;
    this.stats.count(this.stats.invalid, t.kind);
    this.logger.warn({ kind: t.kind, problem: decoded.problem, errors: decoded.errors.slice(0, 5) }, 'dropped an invalid MQTT payload');
    return undefined;
  }

  private sameBridge(t: ParsedTopic & { bridgeId: string }, payloadBridgeId: string): boolean {
    return this.expected(t, payloadBridgeId === t.bridgeId, 'bridgeId');
  }

  private expected(t: ParsedTopic, ok: boolean, field: string): boolean {
    if (!ok) {
      this.stats.count(this.stats.invalid, t.kind);
      this.logger.warn({ kind: t.kind, field }, 'dropped an MQTT payload that does not match its topic');
    }
    return ok;
  }
}
