import {
  MAX_CACHE_PAYLOAD_BYTES,
  ApiStatus,
  BridgeCommand,
  DecisionReply,
  EventAck,
  SealedCredentialCache,
  SimPlaceFinger,
  SimPresentRequest,
  SimReaderPower,
  decodePayload,
  parseTopic,
  topics,
} from '#contracts';
import { errorMessage, type Logger } from '../logging/logger.js';

/** What the bridge accepts, by topic kind (`parseTopic`), and the contract class each payload must satisfy. */
export interface InboundMap {
  'decision-replies': DecisionReply;
  'bridge-event-acks': EventAck;
  'bridge-commands': BridgeCommand;
  'credential-cache': SealedCredentialCache;
  'sim-present': SimPresentRequest;
  'sim-place-finger': SimPlaceFinger;
  'sim-reader-power': SimReaderPower;
  'api-status': ApiStatus;
}
export type InboundKind = keyof InboundMap;

const PAYLOAD_CLASSES: { [K in InboundKind]: new () => InboundMap[K] } = {
  'decision-replies': DecisionReply,
  'bridge-event-acks': EventAck,
  'bridge-commands': BridgeCommand,
  'credential-cache': SealedCredentialCache,
  'sim-present': SimPresentRequest,
  'sim-place-finger': SimPlaceFinger,
  'sim-reader-power': SimReaderPower,
  'api-status': ApiStatus,
};

const TOPIC_OF: { [K in InboundKind]: (base: string, bridgeId: string) => string } = {
  'decision-replies': topics.decisionReplies,
  'bridge-event-acks': topics.bridgeEventAcks,
  'bridge-commands': topics.bridgeCommands,
  'credential-cache': topics.credentialCache,
  'sim-present': topics.simPresent,
  'sim-place-finger': topics.simPlaceFinger,
  'sim-reader-power': topics.simReaderPower,
  'api-status': (base) => topics.apiStatus(base),
};

/** Payload size limits above the contract's default (full cache snapshots grow with the site). */
const MAX_BYTES: Partial<Record<InboundKind, number>> = { 'credential-cache': MAX_CACHE_PAYLOAD_BYTES };

type Handler<K extends InboundKind> = (value: InboundMap[K]) => void | Promise<void>;

export interface InboundStats {
  received: Partial<Record<InboundKind, number>>;
  /** Payloads that failed the contract's schema (or were not JSON), per topic kind. */
  invalid: Partial<Record<InboundKind, number>>;
  /** Messages on topics the bridge did not ask for. */
  unexpected: number;
  handlerErrors: number;
}

/**
 * Every inbound payload is decoded with the contract's decoder before any component sees it. A bad one is
 * counted, logged without its body, and dropped: a malformed message must never crash the door controller.
 */
export class InboundDispatcher {
  private readonly handlers = new Map<InboundKind, Handler<never>>();
  private readonly counters: InboundStats = { received: {}, invalid: {}, unexpected: 0, handlerErrors: 0 };

  constructor(
    private readonly base: string,
    private readonly bridgeId: string,
    private readonly logger: Logger,
  ) {}

  handle<K extends InboundKind>(kind: K, handler: Handler<K>): void {
    this.handlers.set(kind, handler as Handler<never>);
  }

  /** The topics to subscribe to: one per registered kind. */
  subscriptions(): string[] {
    return [...this.handlers.keys()].map((kind) => TOPIC_OF[kind](this.base, this.bridgeId));
  }

  dispatch(topic: string, payload: Buffer): void {
    const parsed = parseTopic(this.base, topic);
    const kind = parsed?.kind as InboundKind | undefined;
    const handler = kind === undefined ? undefined : this.handlers.get(kind);
    if (!parsed || !kind || !handler || ('bridgeId' in parsed && parsed.bridgeId !== this.bridgeId)) {
      this.counters.unexpected++;
      this.logger.warn({ topic, bytes: payload.length }, 'message on an unexpected topic dropped');
      return;
    }
    this.count('received', kind);
    const decoded = decodePayload(PAYLOAD_CLASSES[kind] as new () => object, payload, MAX_BYTES[kind]);
    if (!decoded.ok) {
      this.count('invalid', kind);
      // Field paths and rule names only, never the body: it may carry templates or verifiers.
      this.logger.warn(
        { topicKind: kind, problem: decoded.problem, errors: decoded.errors.slice(0, 5), bytes: payload.length },
        'invalid inbound payload dropped',
      );
      return;
    }
    try {
      const pending = (handler as Handler<InboundKind>)(decoded.value as InboundMap[InboundKind]);
      if (pending && typeof pending.then === 'function') pending.catch((error: unknown) => this.handlerFailed(kind, error));
    } catch (error) {
      this.handlerFailed(kind, error);
    }
  }

  stats(): InboundStats {
    return structuredClone(this.counters);
  }

  private handlerFailed(kind: InboundKind, error: unknown): void {
    this.counters.handlerErrors++;
    this.logger.error({ topicKind: kind, err: errorMessage(error) }, 'inbound handler failed');
  }

  private count(which: 'received' | 'invalid', kind: InboundKind): void {
    this.counters[which][kind] = (this.counters[which][kind] ?? 0) + 1;
  }
}
