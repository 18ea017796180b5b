import { decodePayload, encodePayload } from '../decode.js';
import { BridgeCommand } from './command.js';
import { decodeVeinCaptureResult } from './vein-capture.js';

const command = {
  id: '0192f3a0-0000-7000-8000-000000000020',
  type: 'vein-capture',
  issuedAt: '2026-11-25T01:00:00.000Z',
  expiresAt: '2026-11-25T01:00:15.000Z',
  capture: { personId: '0192f3a0-0000-7000-8000-000000000003', readerId: 'reader-a1-in', position: 'right-middle', format: 0, timeoutMs: 20_000 },
};

const captured = {
  captureId: command.id,
  bridgeId: 'bridge-1',
  readerId: 'reader-a1-in',
  personId: command.capture.personId,
  position: 'right-middle',
  format: 0,
  status: 'captured',
  quality: 80,
  template: { keyId: 'k1', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAECAw==' },
  completedAt: '2026-11-25T01:00:05.000Z',
};
const { template: _template, quality: _quality, ...failedBase } = captured;
const failed = { ...failedBase, status: 'failed', reason: 'timeout' };

describe('vein-capture command', () => {
  it('accepts a capture command', () => {
    expect(decodePayload(BridgeCommand, encodePayload(command))).toMatchObject({ ok: true, value: { capture: { position: 'right-middle' } } });
  });

  it.each<[string, unknown, RegExp]>([
    ['no capture parameters', { ...command, capture: undefined }, /capture/],
    ['an unknown position', { ...command, capture: { ...command.capture, position: 'nose' } }, /capture\.position/],
    ['a person id that is not a UUID', { ...command, capture: { ...command.capture, personId: 'S0003' } }, /capture\.personId/],
    ['a timeout above the cap', { ...command, capture: { ...command.capture, timeoutMs: 600_000 } }, /capture\.timeoutMs/],
    ['a template in the command', { ...command, capture: { ...command.capture, template: 'AAEC' } }, /capture\.template/],
  ])('rejects a command with %s', (_name, payload, message) => {
    const decoded = decodePayload(BridgeCommand, JSON.stringify(payload));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.errors.join('\n')).toMatch(message);
  });

  it('still accepts an unlock without capture parameters', () => {
    const unlock = { id: command.id, type: 'unlock', issuedAt: command.issuedAt, expiresAt: command.expiresAt, doorId: 'door-a1' };
    expect(decodePayload(BridgeCommand, JSON.stringify(unlock)).ok).toBe(true);
  });
});

describe(decodeVeinCaptureResult.name, () => {
  it.each([['captured', captured], ['failed', failed]])('accepts a %s result', (_name, payload) => {
    expect(decodeVeinCaptureResult(JSON.stringify(payload))).toMatchObject({ ok: true, value: payload });
  });

  it.each<[string, unknown, RegExp]>([
    ['captured without a template', { ...captured, template: undefined }, /template: required/],
    ['captured without a quality', { ...captured, quality: undefined }, /quality: required/],
    ['captured with a reason', { ...captured, reason: 'timeout' }, /reason: only when failed/],
    ['failed without a reason', { ...failed, reason: undefined }, /reason: required/],
    ['failed with a template', { ...failed, template: captured.template }, /template: never/],
    ['an unknown reason', { ...failed, reason: 'bored' }, /reason/],
    ['a clear template', { ...captured, template: 'AAECAw==' }, /template/],
    ['a template field beside the sealed one', { ...captured, template: { ...captured.template, data: 'AAEC' } }, /template\.data/],
    ['a key id with a slash', { ...captured, template: { ...captured.template, keyId: 'a/b' } }, /template\.keyId/],
  ])('rejects a result %s', (_name, payload, message) => {
    const decoded = decodeVeinCaptureResult(JSON.stringify(payload));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.errors.join('\n')).toMatch(message);
  });
});
