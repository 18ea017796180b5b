import type { DecisionRequest } from '#contracts';
import { topics } from '#contracts';
import { keypadCodeFor } from '#domain';
import { DEMO_BRIDGE_ID, DEMO_DOOR } from '#demo-site';
import { uuidv7 } from 'uuidv7';

/** A decision request as the demo bridge would send it, with both factors passed unless overridden. */
export function decisionRequest(base: string, personNo: string, personId: string | null, overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  const now = Date.now();
  const direction = overrides.direction ?? 'entry';
  return {
    correlationId: uuidv7(),
    replyTo: topics.decisionReplies(base, DEMO_BRIDGE_ID),
    attemptId: uuidv7(),
    bridgeId: DEMO_BRIDGE_ID,
    doorId: DEMO_DOOR.id,
    readerId: direction === 'entry' ? DEMO_DOOR.entryReaderId : DEMO_DOOR.exitReaderId,
    direction,
    identifier: { kind: 'keypad', value: keypadCodeFor(personNo) },
    personId,
    factors: { pin: 'ok', vein: { result: 'match', score: 220, threshold: DEMO_DOOR.veinThreshold } },
    occurredAt: new Date(now).toISOString(),
    respondBy: new Date(now + 5000).toISOString(),
    cacheVersion: 1,
    ...overrides,
  };
}
