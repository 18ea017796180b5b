/**
 * MQTT topic names for contract v1: the ONLY place topic strings are assembled or parsed.
 * Ids are immutable config ids or UUIDs, never display names.
 */

export const DEFAULT_BASE_TOPIC = 'acs/v1';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Throws on ids that would escape their topic level (wildcards, slashes, empty). */
export function assertTopicSegment(id: string): string {
  if (!SEGMENT.test(id)) {
    throw new Error(`Invalid MQTT topic segment: ${JSON.stringify(id)}`);
  }
  return id;
}

export function assertBaseTopic(base: string): string {
  const parts = base.split('/');
  if (parts.length === 0 || parts.some((p) => !SEGMENT.test(p))) {
    throw new Error(`Invalid MQTT base topic: ${JSON.stringify(base)}`);
  }
  return base;
}

/** Throws when a topic meant for publishing contains a wildcard. */
export function assertPublishable(topic: string): string {
  if (topic.includes('+') || topic.includes('#')) {
    throw new Error(`Refusing to publish to a wildcard topic: ${topic}`);
  }
  return topic;
}

const bridge = (base: string, bridgeId: string): string => `${base}/bridges/${assertTopicSegment(bridgeId)}`;

export const topics = {
  /** Retained; Last Will `offline`. */
  bridgeStatus: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/status`,
  /** bridge → api, QoS 1, from the bridge's durable outbox. */
  bridgeEvents: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/events`,
  /** api → bridge: ids durably stored; only then does the bridge drop them from its outbox. */
  bridgeEventAcks: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/events/ack`,
  /** bridge → api decision requests (reply topic + correlation id in the payload: works on MQTT 3.1.1). */
  decisionRequests: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/decisions`,
  /** The reply topic a bridge names in its decision requests. */
  decisionReplies: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/decisions/reply`,
  /** api → bridge commands, each with an id and an expiry. Never retained. */
  bridgeCommands: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/commands`,
  bridgeCommandResults: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/commands/result`,
  /** bridge → api, QoS 1: the outcome of a `vein-capture` command (a sealed template, or why not). */
  veinCaptureResults: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/captures/result`,
  /** api → bridge encrypted credential cache snapshot. */
  credentialCache: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/cache`,
  /** bridge → api: "send me the cache" (on connect, or when a snapshot failed to decrypt). */
  credentialCacheRequest: (base: string, bridgeId: string) => `${bridge(base, bridgeId)}/cache/request`,
  /** Retained; Last Will `offline`: lets bridges know whether the api is there. */
  apiStatus: (base: string) => `${base}/api/status`,
  /** Simulation only: a synthetic person presents themselves at a simulated reader. */
  simPresent: (base: string, bridgeId: string) => `${base}/sim/bridges/${assertTopicSegment(bridgeId)}/present`,
  simPresentResult: (base: string, bridgeId: string) =>
    `${base}/sim/bridges/${assertTopicSegment(bridgeId)}/present/result`,
  /** Simulation only: a synthetic person rests a finger on a simulated reader (enrolment through BIOREAD). */
  simPlaceFinger: (base: string, bridgeId: string) => `${base}/sim/bridges/${assertTopicSegment(bridgeId)}/finger`,
  simPlaceFingerResult: (base: string, bridgeId: string) => `${base}/sim/bridges/${assertTopicSegment(bridgeId)}/finger/result`,
  /** Simulation only: unplug or replug a simulated reader (it stops answering, as a cut cable). */
  simReaderPower: (base: string, bridgeId: string) => `${base}/sim/bridges/${assertTopicSegment(bridgeId)}/reader-power`,
  simReaderPowerResult: (base: string, bridgeId: string) => `${base}/sim/bridges/${assertTopicSegment(bridgeId)}/reader-power/result`,
} as const;

/** Subscription filters used by the api (one wildcard level for the bridge id). */
export const subscriptions = {
  allBridgeStatus: (base: string) => `${base}/bridges/+/status`,
  allBridgeEvents: (base: string) => `${base}/bridges/+/events`,
  allDecisionRequests: (base: string) => `${base}/bridges/+/decisions`,
  allCommandResults: (base: string) => `${base}/bridges/+/commands/result`,
  allVeinCaptureResults: (base: string) => `${base}/bridges/+/captures/result`,
  allCacheRequests: (base: string) => `${base}/bridges/+/cache/request`,
} as const;

export type ParsedTopic =
  | { kind: 'bridge-status'; bridgeId: string }
  | { kind: 'bridge-events'; bridgeId: string }
  | { kind: 'bridge-event-acks'; bridgeId: string }
  | { kind: 'decision-requests'; bridgeId: string }
  | { kind: 'decision-replies'; bridgeId: string }
  | { kind: 'bridge-commands'; bridgeId: string }
  | { kind: 'bridge-command-results'; bridgeId: string }
  | { kind: 'vein-capture-results'; bridgeId: string }
  | { kind: 'credential-cache'; bridgeId: string }
  | { kind: 'credential-cache-request'; bridgeId: string }
  | { kind: 'api-status' }
  | { kind: 'sim-present'; bridgeId: string }
  | { kind: 'sim-present-result'; bridgeId: string }
  | { kind: 'sim-place-finger'; bridgeId: string }
  | { kind: 'sim-place-finger-result'; bridgeId: string }
  | { kind: 'sim-reader-power'; bridgeId: string }
  | { kind: 'sim-reader-power-result'; bridgeId: string };

const BRIDGE_SUFFIXES: Record<string, ParsedTopic['kind']> = {
  status: 'bridge-status',
  events: 'bridge-events',
  'events/ack': 'bridge-event-acks',
  decisions: 'decision-requests',
  'decisions/reply': 'decision-replies',
  commands: 'bridge-commands',
  'commands/result': 'bridge-command-results',
  'captures/result': 'vein-capture-results',
  cache: 'credential-cache',
  'cache/request': 'credential-cache-request',
};

/** Parses a concrete topic under `base`; undefined when it is not one of ours. */
export function parseTopic(base: string, topic: string): ParsedTopic | undefined {
  if (!topic.startsWith(`${base}/`)) return undefined;
  const rest = topic.slice(base.length + 1).split('/');
  if (rest.length === 2 && rest[0] === 'api' && rest[1] === 'status') return { kind: 'api-status' };
  if (rest[0] === 'bridges' && rest.length >= 3 && SEGMENT.test(rest[1])) {
    const kind = BRIDGE_SUFFIXES[rest.slice(2).join('/')];
    return kind ? ({ kind, bridgeId: rest[1] } as ParsedTopic) : undefined;
  }
  if (rest[0] === 'sim' && rest[1] === 'bridges' && rest.length >= 4 && SEGMENT.test(rest[2])) {
    const suffix = rest.slice(3).join('/');
    if (suffix === 'present') return { kind: 'sim-present', bridgeId: rest[2] };
    if (suffix === 'present/result') return { kind: 'sim-present-result', bridgeId: rest[2] };
    if (suffix === 'finger') return { kind: 'sim-place-finger', bridgeId: rest[2] };
    if (suffix === 'finger/result') return { kind: 'sim-place-finger-result', bridgeId: rest[2] };
    if (suffix === 'reader-power') return { kind: 'sim-reader-power', bridgeId: rest[2] };
    if (suffix === 'reader-power/result') return { kind: 'sim-reader-power-result', bridgeId: rest[2] };
  }
  return undefined;
}
