import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { CacheKind, type SealedCredentialCache } from '../mqtt/payloads/credential-cache.js';

/**
 * The api signs every credential-cache envelope with Ed25519 so a bridge accepts caches only from the api,
 * even if the broker, another bridge or a holder of a leaked AES key publishes on its topic. The signature
 * covers the canonical envelope bytes (`cacheSigningInput`) including the bridge id, so a cache signed for
 * one bridge does not verify at another. Keys are raw 32-byte Ed25519 seeds / public keys, base64 in config.
 */
export interface CacheSigningKey {
  privateKey: KeyObject;
  /** Raw 32-byte public key, base64: the value of the bridge's BRIDGE_API_PUBLIC_KEY. */
  publicKeyBase64: string;
  keyId: string;
}

export interface CacheVerifierKey {
  publicKey: KeyObject;
  keyId: string;
}

// DER headers that turn a raw Ed25519 seed / public key into PKCS#8 / SPKI (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** First 16 hex digits of SHA-256 over the raw public key: names the key in envelopes and logs. */
export const cacheSignerKeyId = (rawPublicKey: Buffer): string => createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);

export function generateCacheSigningSeed(): Buffer {
  return randomBytes(32);
}

export function cacheSigningKeyFromSeed(seed: Buffer): CacheSigningKey {
  if (seed.length !== 32) throw new Error('cache signing key must be a 32-byte Ed25519 seed');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  return { privateKey, publicKeyBase64: raw.toString('base64'), keyId: cacheSignerKeyId(raw) };
}

export function cacheVerifierKey(rawPublicKey: Buffer): CacheVerifierKey {
  if (rawPublicKey.length !== 32) throw new Error('cache verifier key must be a 32-byte Ed25519 public key');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519, rawPublicKey]), format: 'der', type: 'spki' });
  return { publicKey, keyId: cacheSignerKeyId(rawPublicKey) };
}

/**
 * The bytes signed: one `name value` line per envelope field in a fixed order (UTF-8, `\n` after each line),
 * the ciphertext by its SHA-256. `kind` absent is written as `full`, `baseVersion` absent as `-`.
 */
export function cacheSigningInput(sealed: SealedCredentialCache, bridgeId: string): Buffer {
  const ciphertextSha256 = createHash('sha256').update(Buffer.from(sealed.ciphertext, 'base64')).digest('hex');
  const lines = [
    'acs-credential-cache-signature/v1',
    `bridge ${bridgeId}`,
    `kind ${sealed.kind ?? CacheKind.Full}`,
    `version ${sealed.version}`,
    `base ${sealed.baseVersion ?? '-'}`,
    `issued ${sealed.issuedAt}`,
    `key ${sealed.keyId}`,
    `iv ${sealed.iv}`,
    `tag ${sealed.tag}`,
    `ciphertext-sha256 ${ciphertextSha256}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

export function signCredentialCache(sealed: SealedCredentialCache, bridgeId: string, key: CacheSigningKey): SealedCredentialCache {
  const { signature: _s, signerKeyId: _k, ...unsigned } = sealed;
  const signature = sign(null, cacheSigningInput(unsigned, bridgeId), key.privateKey).toString('base64');
  return { ...unsigned, signature, signerKeyId: key.keyId };
}

export type SignatureCheck = { ok: true } | { ok: false; error: 'unsigned' | 'wrong-signer' | 'bad-signature' };

export function verifyCredentialCacheSignature(sealed: SealedCredentialCache, bridgeId: string, key: CacheVerifierKey): SignatureCheck {
  if (sealed.signature === undefined) return { ok: false, error: 'unsigned' };
  if (sealed.signerKeyId !== undefined && sealed.signerKeyId !== key.keyId) return { ok: false, error: 'wrong-signer' };
  let valid = false;
  try {
    valid = verify(null, cacheSigningInput(sealed, bridgeId), key.publicKey, Buffer.from(sealed.signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, error: 'bad-signature' };
}
