import { decodeBridgeEvent, decodePayload, encodePayload } from './decode.js';
import { DecisionReply, DecisionRequest } from './payloads/decision.js';
import { BridgeCommand } from './payloads/command.js';

const request = {
  correlationId: '0192f3a0-0000-7000-8000-000000000001',
  replyTo: 'acs/v1/bridges/bridge-1/decisions/reply',
  attemptId: '0192f3a0-0000-7000-8000-000000000002',
  bridgeId: 'bridge-1',
  doorId: 'door-a1',
  readerId: 'reader-a1-in',
  direction: 'entry',
  identifier: { kind: 'keypad', value: '70001' },
  personId: '0192f3a0-0000-7000-8000-000000000003',
  factors: { pin: 'ok', vein: { result: 'match', score: 210, threshold: 150 } },
  occurredAt: '2026-11-25T01:00:00.000Z',
  respondBy: '2026-11-25T01:00:01.000Z',
  cacheVersion: 3,
};

const event = {
  id: '0192f3a0-0000-7000-8000-000000000010',
  seq: 1,
  type: 'door.unlocked',
  occurredAt: '2026-11-25T01:00:00.500Z',
  bridgeId: 'bridge-1',
  doorId: 'door-a1',
  attemptId: request.attemptId,
  payload: { pulseMs: 5000, cause: 'grant' },
};

describe(decodePayload.name, () => {
  it('accepts a valid decision request and round-trips it', () => {
    const decoded = decodePayload(DecisionRequest, encodePayload(request));
    expect(decoded.ok).toBe(true);
    expect(decoded.ok && JSON.parse(encodePayload(decoded.value).toString())).toEqual(request);
  });

  it('accepts an unknown person as null', () => {
    expect(decodePayload(DecisionRequest, JSON.stringify({ ...request, personId: null })).ok).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['bad direction', { ...request, direction: 'sideways' }, /direction/],
    ['score out of range', { ...request, factors: { pin: 'ok', vein: { result: 'match', score: 300 } } }, /factors\.vein\.score/],
    ['unknown field', { ...request, pin: '1234' }, /property pin should not exist/],
    ['identifier with symbols', { ...request, identifier: { kind: 'keypad', value: '70;001' } }, /identifier\.value/],
    ['missing attempt id', { ...request, attemptId: undefined }, /attemptId/],
    ['local time without zone', { ...request, occurredAt: 'yesterday' }, /occurredAt/],
  ])('rejects a request with %s', (_name, payload, message) => {
    const decoded = decodePayload(DecisionRequest, JSON.stringify(payload));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.errors.join('\n')).toMatch(message);
  });

  it.each(['not json', '[]', '42', 'null', '"text"'])('rejects the non-object payload %j', (raw) => {
    const decoded = decodePayload(DecisionReply, raw);
    expect(decoded).toMatchObject({ ok: false });
  });

  it('rejects oversized payloads without parsing them', () => {
    const decoded = decodePayload(BridgeCommand, Buffer.alloc(300 * 1024, 0x20));
    expect(decoded).toEqual({ ok: false, problem: 'json', errors: [expect.stringMatching(/larger than/)] });
  });
});

describe(decodeBridgeEvent.name, () => {
  it('accepts a valid door event', () => {
    expect(decodeBridgeEvent(JSON.stringify(event))).toMatchObject({ ok: true, value: { type: 'door.unlocked' } });
  });

  it.each(['door.opened', 'door.closed', 'door.relocked', 'door.forced-open', 'reader.online'])('accepts %s with an empty payload', (type) => {
    expect(decodeBridgeEvent(JSON.stringify({ ...event, type, payload: {} })).ok).toBe(true);
  });

  it('validates the payload for its type', () => {
    const decoded = decodeBridgeEvent(JSON.stringify({ ...event, payload: { pulseMs: -1, cause: 'grant' } }));
    expect(!decoded.ok && decoded.errors.join()).toMatch(/payload\.pulseMs/);
  });

  it('rejects unknown event types and fields in empty payloads', () => {
    expect(decodeBridgeEvent(JSON.stringify({ ...event, type: 'door.exploded' })).ok).toBe(false);
    expect(decodeBridgeEvent(JSON.stringify({ ...event, type: 'door.opened', payload: { extra: 1 } })).ok).toBe(false);
  });

  it('accepts an undecided attempt carrying its request', () => {
    const undecided = { ...event, type: 'attempt.undecided', payload: { request, localReason: 'API_UNAVAILABLE' } };
    expect(decodeBridgeEvent(JSON.stringify(undecided)).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['reader.secure-channel-up', { defaultKey: false }],
    ['reader.secure-channel-down', { reason: 'mac-failure' }],
    ['reader.secure-channel-failed', { defaultKey: false }],
    ['reader.credential-presented', { kind: 'keypad', value: '70001' }],
    ['reader.credential-presented', { kind: 'card', value: '0badc0ffee', bitCount: 40, format: 1 }],
    ['reader.local-status', { tamper: true, powerFailure: false }],
    ['door.io-online', { ioModuleId: 'io-a1' }],
    ['door.io-offline', { ioModuleId: 'io-a1' }],
    ['door.io-secure-channel-up', { ioModuleId: 'io-a1', defaultKey: false }],
    ['door.io-secure-channel-down', { ioModuleId: 'io-a1', reason: 'offline' }],
    ['door.io-secure-channel-failed', { ioModuleId: 'io-a1', defaultKey: true }],
    ['door.io-local-status', { ioModuleId: 'io-a1', tamper: false, powerFailure: true }],
  ])('accepts the OSDP supervision event %s', (type, payload) => {
    expect(decodeBridgeEvent(JSON.stringify({ ...event, type, payload })).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['reader.credential-presented', { kind: 'keypad', value: '70001', pin: '4826' }, /payload\.pin/],
    ['reader.credential-presented', { kind: 'pin', value: '4826' }, /payload\.kind/],
    ['reader.credential-presented', { kind: 'keypad', value: '7000#' }, /payload\.value/],
    ['reader.secure-channel-down', { reason: 'because' }, /payload\.reason/],
    ['door.io-online', {}, /payload\.ioModuleId/],
    ['door.io-local-status', { ioModuleId: 'io-a1', tamper: 'yes', powerFailure: false }, /payload\.tamper/],
  ])('rejects a bad %s payload', (type, payload, message) => {
    const decoded = decodeBridgeEvent(JSON.stringify({ ...event, type, payload }));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.errors.join('\n')).toMatch(message);
  });

  it('rejects a sequence number of zero', () => {
    expect(decodeBridgeEvent(JSON.stringify({ ...event, seq: 0 })).ok).toBe(false);
  });
});
