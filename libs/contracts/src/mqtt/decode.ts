import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { BridgeEvent, EmptyPayload, eventPayloadClasses } from './payloads/bridge-event.js';

export type Decoded<T> =
  | { ok: true; value: T }
  | { ok: false; problem: 'json' | 'schema'; errors: string[] };

const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Full credential-cache snapshots grow with the site (~0.55 KiB per person with one template). */
export const MAX_CACHE_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Flattens class-validator errors into `path: message` lines. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...describeValidationErrors(e.children ?? [], path)];
  });
}

/** Validates an already-parsed value against a payload class (unknown fields rejected). */
export function validatePayload<T extends object>(cls: new () => T, plain: unknown): Decoded<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, problem: 'schema', errors: ['payload must be a JSON object'] };
  }
  const value = plainToInstance(cls, plain);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length === 0
    ? { ok: true, value }
    : { ok: false, problem: 'schema', errors: describeValidationErrors(errors) };
}

/** Parses and validates an inbound MQTT payload; never throws. */
export function decodePayload<T extends object>(cls: new () => T, raw: Buffer | string, maxBytes = MAX_PAYLOAD_BYTES): Decoded<T> {
  if (raw.length > maxBytes) {
    return { ok: false, problem: 'json', errors: [`payload larger than ${maxBytes} bytes`] };
  }
  let plain: unknown;
  try {
    plain = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, problem: 'json', errors: ['payload is not valid JSON'] };
  }
  return validatePayload(cls, plain);
}

/** A bridge event: the envelope, then its type-specific payload. */
export function decodeBridgeEvent(raw: Buffer | string): Decoded<BridgeEvent> {
  const envelope = decodePayload(BridgeEvent, raw);
  if (!envelope.ok) return envelope;
  const payloadClass = eventPayloadClasses[envelope.value.type];
  // class-validator refuses classes without rules, so "no fields" is checked here.
  if (payloadClass === EmptyPayload) {
    const extra = Object.keys(envelope.value.payload);
    return extra.length === 0 ? envelope : { ok: false, problem: 'schema', errors: extra.map((k) => `payload.${k}: property ${k} should not exist`) };
  }
  const payload = validatePayload(payloadClass, envelope.value.payload);
  if (!payload.ok) {
    return { ok: false, problem: 'schema', errors: payload.errors.map((e) => `payload.${e}`) };
  }
  return envelope;
}

/** Serialises a payload for publishing (plain JSON, camelCase keys). */
export function encodePayload(value: object): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
