import type { CacheKey } from '../cache/cache-sealing.js';
import { gcmOpen, gcmSeal } from '../crypto/aes-gcm.js';
import type { SealedCapturedTemplate, VeinCaptureParams } from '../mqtt/payloads/vein-capture.js';

/**
 * A template captured through a reader travels from the bridge to the api sealed with AES-256-GCM under the
 * bridge's cache key (the key it already shares with the api). The associated data binds the capture id, the
 * bridge, the reader, the person, the position and the format: a sealed template cannot be replayed as another
 * capture, for another person or finger, or as if read at another reader or bridge.
 */
export interface CaptureBinding extends Pick<VeinCaptureParams, 'personId' | 'readerId' | 'position' | 'format'> {
  captureId: string;
  bridgeId: string;
}

const captureAad = (b: CaptureBinding, keyId: string): Buffer =>
  Buffer.from(`acs-vein-capture-v1|${b.captureId}|${b.bridgeId}|${b.readerId}|${b.personId}|${b.position}|${b.format}|${keyId}`, 'utf8');

export function sealCapturedTemplate(template: Buffer, key: CacheKey, binding: CaptureBinding): SealedCapturedTemplate {
  assertKey(key);
  return { keyId: key.id, ...gcmSeal(template, key.key, captureAad(binding, key.id)) };
}

export type OpenedTemplate = { ok: true; template: Buffer } | { ok: false; error: 'wrong-key' | 'tampered' };

/** Opens a captured template; `tampered` also when any part of the binding differs from the sealing. */
export function openCapturedTemplate(sealed: SealedCapturedTemplate, key: CacheKey, binding: CaptureBinding): OpenedTemplate {
  assertKey(key);
  if (sealed.keyId !== key.id) return { ok: false, error: 'wrong-key' };
  const template = gcmOpen(sealed, key.key, captureAad(binding, key.id));
  return template ? { ok: true, template } : { ok: false, error: 'tampered' };
}

function assertKey(key: CacheKey): void {
  if (key.key.length !== 32) throw new Error('capture sealing key must be 32 bytes');
}
