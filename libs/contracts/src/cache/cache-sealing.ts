import { gcmOpen, gcmSeal } from '../crypto/aes-gcm.js';
import { validatePayload } from '../mqtt/decode.js';
import { CacheKind, CredentialCacheContent, CredentialCacheDelta, SealedCredentialCache } from '../mqtt/payloads/credential-cache.js';

/**
 * Seals the credential cache for one bridge with AES-256-GCM under that bridge's key. The version, issue time
 * and key id (and, for a delta, its base version) are bound as associated data, so a sealed cache cannot be
 * relabelled as another version, nor a delta passed off as a snapshot or the other way round.
 */
export interface CacheKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

// The snapshot's associated data predates deltas and stays as it was: caches stored by older bridges still open.
const snapshotAad = (version: number, issuedAt: string, keyId: string): Buffer =>
  Buffer.from(`acs-credential-cache|${version}|${issuedAt}|${keyId}`, 'utf8');
const deltaAad = (version: number, baseVersion: number, issuedAt: string, keyId: string): Buffer =>
  Buffer.from(`acs-credential-cache-delta|${version}|${baseVersion}|${issuedAt}|${keyId}`, 'utf8');

export function sealCredentialCache(content: CredentialCacheContent, key: CacheKey): SealedCredentialCache {
  const sealed = seal(content, key, snapshotAad(content.version, content.issuedAt, key.id));
  return { version: content.version, issuedAt: content.issuedAt, keyId: key.id, ...sealed, kind: CacheKind.Full };
}

export function sealCredentialCacheDelta(delta: CredentialCacheDelta, key: CacheKey): SealedCredentialCache {
  if (delta.baseVersion >= delta.version) throw new Error('a delta must move the version forward');
  const sealed = seal(delta, key, deltaAad(delta.version, delta.baseVersion, delta.issuedAt, key.id));
  return { version: delta.version, issuedAt: delta.issuedAt, keyId: key.id, ...sealed, kind: CacheKind.Delta, baseVersion: delta.baseVersion };
}

export type UnsealError = 'wrong-key' | 'tampered' | 'invalid-content' | 'wrong-kind';
export type Unsealed<T = CredentialCacheContent> = { ok: true; content: T } | { ok: false; error: UnsealError; detail?: string };

/** Opens a full snapshot (`kind` absent or `full`). */
export function unsealCredentialCache(sealed: SealedCredentialCache, key: CacheKey): Unsealed {
  if ((sealed.kind ?? CacheKind.Full) !== CacheKind.Full || sealed.baseVersion !== undefined) return { ok: false, error: 'wrong-kind' };
  const opened = open(sealed, key, snapshotAad(sealed.version, sealed.issuedAt, sealed.keyId), CredentialCacheContent);
  if (!opened.ok) return opened;
  if (opened.content.version !== sealed.version || opened.content.issuedAt !== sealed.issuedAt) {
    return { ok: false, error: 'tampered', detail: 'envelope and content disagree' };
  }
  return opened;
}

/** Opens a delta (`kind: delta` with its `baseVersion`). */
export function unsealCredentialCacheDelta(sealed: SealedCredentialCache, key: CacheKey): Unsealed<CredentialCacheDelta> {
  if (sealed.kind !== CacheKind.Delta || sealed.baseVersion === undefined) return { ok: false, error: 'wrong-kind' };
  const opened = open(sealed, key, deltaAad(sealed.version, sealed.baseVersion, sealed.issuedAt, sealed.keyId), CredentialCacheDelta);
  if (!opened.ok) return opened;
  const d = opened.content;
  if (d.version !== sealed.version || d.baseVersion !== sealed.baseVersion || d.issuedAt !== sealed.issuedAt) {
    return { ok: false, error: 'tampered', detail: 'envelope and content disagree' };
  }
  if (d.baseVersion >= d.version) return { ok: false, error: 'invalid-content', detail: 'baseVersion must be below version' };
  return opened;
}

function seal(content: object, key: CacheKey, aad: Buffer): { iv: string; tag: string; ciphertext: string } {
  assertKey(key);
  return gcmSeal(Buffer.from(JSON.stringify(content), 'utf8'), key.key, aad);
}

function open<T extends object>(sealed: SealedCredentialCache, key: CacheKey, aad: Buffer, cls: new () => T): Unsealed<T> {
  assertKey(key);
  if (sealed.keyId !== key.id) return { ok: false, error: 'wrong-key', detail: `sealed for key ${sealed.keyId}` };
  const opened = gcmOpen(sealed, key.key, aad);
  if (!opened) return { ok: false, error: 'tampered' };
  const plain = opened.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain);
  } catch {
    return { ok: false, error: 'invalid-content', detail: 'not JSON' };
  }
  const content = validatePayload(cls, parsed);
  if (!content.ok) return { ok: false, error: 'invalid-content', detail: content.errors.slice(0, 5).join('; ') };
  return { ok: true, content: content.value };
}

function assertKey(key: CacheKey): void {
  if (key.key.length !== 32) throw new Error('credential cache key must be 32 bytes');
}
