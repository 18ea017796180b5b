import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { validatePayload } from '../mqtt/decode.js';
import { CredentialCacheContent, SealedCredentialCache } from '../mqtt/payloads/credential-cache.js';

/**
 * Seals the credential cache for a bridge with AES-256-GCM. The version, issue time and key id are bound as
 * associated data, so a sealed cache cannot be relabelled as another version.
 */
export interface CacheKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

const aad = (version: number, issuedAt: string, keyId: string): Buffer =>
  Buffer.from(`acs-credential-cache|${version}|${issuedAt}|${keyId}`, 'utf8');

export function sealCredentialCache(content: CredentialCacheContent, key: CacheKey): SealedCredentialCache {
  assertKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(content.version, content.issuedAt, key.id));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  return {
    version: content.version,
    issuedAt: content.issuedAt,
    keyId: key.id,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export type Unsealed =
  | { ok: true; content: CredentialCacheContent }
  | { ok: false; error: 'wrong-key' | 'tampered' | 'invalid-content'; detail?: string };

export function unsealCredentialCache(sealed: SealedCredentialCache, key: CacheKey): Unsealed {
  assertKey(key);
  if (sealed.keyId !== key.id) return { ok: false, error: 'wrong-key', detail: `sealed for key ${sealed.keyId}` };
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad(sealed.version, sealed.issuedAt, sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return { ok: false, error: 'tampered' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain);
  } catch {
    return { ok: false, error: 'invalid-content', detail: 'not JSON' };
  }
  const content = validatePayload(CredentialCacheContent, parsed);
  if (!content.ok) return { ok: false, error: 'invalid-content', detail: content.errors.slice(0, 5).join('; ') };
  if (content.value.version !== sealed.version || content.value.issuedAt !== sealed.issuedAt) {
    return { ok: false, error: 'tampered', detail: 'envelope and content disagree' };
  }
  return { ok: true, content: content.value };
}

function assertKey(key: CacheKey): void {
  if (key.key.length !== 32) throw new Error('credential cache key must be 32 bytes');
}
