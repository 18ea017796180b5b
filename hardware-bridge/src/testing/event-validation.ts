import { BridgeEvent, decodeBridgeEvent, encodePayload, type Decoded } from '#contracts';

/** Validates an emitted event exactly as the api does on receipt. */
export function validateEmittedEvent(event: object): Decoded<BridgeEvent> {
  return decodeBridgeEvent(encodePayload(event));
}
