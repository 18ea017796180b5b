import { BridgeEvent, EmptyPayload, decodeBridgeEvent, decodePayload, encodePayload, eventPayloadClasses, type Decoded } from '#contracts';

/**
 * Validates an emitted event the way the api should. Works around a contract bug (reported, libs/ is not ours
 * to change): `EmptyPayload` has no decorators, so `validateSync(..., { forbidUnknownValues: true })` rejects
 * it and `decodeBridgeEvent` refuses every empty-payload event (door.opened, door.closed, door.relocked, …).
 * For those types this checks the envelope and that the payload is exactly `{}`.
 */
export function validateEmittedEvent(event: object): Decoded<BridgeEvent> {
  const raw = encodePayload(event);
  const envelope = decodePayload(BridgeEvent, raw);
  if (envelope.ok && eventPayloadClasses[envelope.value.type] === EmptyPayload) {
    return Object.keys(envelope.value.payload).length === 0
      ? envelope
      : { ok: false, problem: 'schema', errors: ['payload must be empty'] };
  }
  return decodeBridgeEvent(raw);
}
