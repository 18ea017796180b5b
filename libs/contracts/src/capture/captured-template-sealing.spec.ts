import { randomBytes } from 'node:crypto';
import { openCapturedTemplate, sealCapturedTemplate, type CaptureBinding } from './captured-template-sealing.js';

const key = { id: 'k1', key: randomBytes(32) };
const binding: CaptureBinding = {
  captureId: '0192f3a0-0000-7000-8000-000000000020',
  bridgeId: 'bridge-1',
  readerId: 'reader-a1-in',
  personId: '0192f3a0-0000-7000-8000-000000000003',
  position: 'right-middle',
  format: 0,
};
const template = randomBytes(64);

describe(sealCapturedTemplate.name, () => {
  it('round-trips the template under the same binding', () => {
    expect(openCapturedTemplate(sealCapturedTemplate(template, key, binding), key, binding)).toEqual({ ok: true, template });
  });

  it('carries the template only as ciphertext', () => {
    const wire = JSON.stringify(sealCapturedTemplate(template, key, binding));
    expect(wire).not.toContain(template.toString('base64').slice(0, 16));
    expect(wire).not.toContain(template.toString('hex').slice(0, 16));
  });

  it.each<[string, Partial<CaptureBinding>]>([
    ['another person', { personId: '0192f3a0-0000-7000-8000-000000000099' }],
    ['another capture', { captureId: '0192f3a0-0000-7000-8000-000000000021' }],
    ['another reader', { readerId: 'reader-a1-out' }],
    ['another bridge', { bridgeId: 'bridge-2' }],
    ['another finger', { position: 'left-index' }],
    ['another format', { format: 2 }],
  ])('refuses to open it as %s (no replay)', (_name, change) => {
    const sealed = sealCapturedTemplate(template, key, binding);
    expect(openCapturedTemplate(sealed, key, { ...binding, ...change })).toEqual({ ok: false, error: 'tampered' });
  });

  it('refuses another key, and a relabelled key id', () => {
    const sealed = sealCapturedTemplate(template, key, binding);
    expect(openCapturedTemplate(sealed, { id: 'k1', key: randomBytes(32) }, binding)).toEqual({ ok: false, error: 'tampered' });
    expect(openCapturedTemplate(sealed, { id: 'k2', key: key.key }, binding)).toEqual({ ok: false, error: 'wrong-key' });
    expect(openCapturedTemplate({ ...sealed, keyId: 'k2' }, { id: 'k2', key: key.key }, binding)).toEqual({ ok: false, error: 'tampered' });
  });

  it('refuses a flipped ciphertext bit', () => {
    const sealed = sealCapturedTemplate(template, key, binding);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(openCapturedTemplate({ ...sealed, ciphertext: bytes.toString('base64') }, key, binding)).toEqual({ ok: false, error: 'tampered' });
  });

  it('uses a fresh IV every time', () => {
    expect(sealCapturedTemplate(template, key, binding).iv).not.toBe(sealCapturedTemplate(template, key, binding).iv);
  });
});
