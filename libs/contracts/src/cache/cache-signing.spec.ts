import { randomBytes } from 'node:crypto';
import { sealCredentialCache } from './cache-sealing.js';
import {
  cacheSigningInput,
  cacheSigningKeyFromSeed,
  cacheVerifierKey,
  generateCacheSigningSeed,
  signCredentialCache,
  verifyCredentialCacheSignature,
} from './cache-signing.js';

const aesKey = { id: 'k1', key: randomBytes(32) };
const signer = cacheSigningKeyFromSeed(generateCacheSigningSeed());
const verifier = cacheVerifierKey(Buffer.from(signer.publicKeyBase64, 'base64'));
const sealed = () =>
  sealCredentialCache({ version: 3, bridgeId: 'bridge-1', issuedAt: '2026-11-25T01:00:00.000Z', people: [], readers: [] }, aesKey);

describe(signCredentialCache.name, () => {
  it('signs so that the configured public key verifies, and names the key', () => {
    const signed = signCredentialCache(sealed(), 'bridge-1', signer);
    expect(signed.signerKeyId).toBe(verifier.keyId);
    expect(verifyCredentialCacheSignature(signed, 'bridge-1', verifier)).toEqual({ ok: true });
  });

  it('is deterministic for the same seed (Ed25519) and re-signing replaces the old signature', () => {
    const s = sealed();
    const again = cacheSigningKeyFromSeed(Buffer.from(signer.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16)));
    expect(again.publicKeyBase64).toBe(signer.publicKeyBase64);
    expect(signCredentialCache(signCredentialCache(s, 'bridge-1', signer), 'bridge-1', again).signature).toBe(signCredentialCache(s, 'bridge-1', signer).signature);
  });

  it('rejects unsigned, foreign-signed and altered envelopes, and a cache signed for another bridge', () => {
    const signed = signCredentialCache(sealed(), 'bridge-1', signer);
    const { signature: _s, signerKeyId: _k, ...unsigned } = signed;
    expect(verifyCredentialCacheSignature(unsigned, 'bridge-1', verifier)).toEqual({ ok: false, error: 'unsigned' });
    const rogue = cacheSigningKeyFromSeed(generateCacheSigningSeed());
    expect(verifyCredentialCacheSignature(signCredentialCache(sealed(), 'bridge-1', rogue), 'bridge-1', verifier)).toEqual({ ok: false, error: 'wrong-signer' });
    const forged = { ...signCredentialCache(sealed(), 'bridge-1', rogue), signerKeyId: verifier.keyId };
    expect(verifyCredentialCacheSignature(forged, 'bridge-1', verifier)).toEqual({ ok: false, error: 'bad-signature' });
    expect(verifyCredentialCacheSignature({ ...signed, version: 4 }, 'bridge-1', verifier)).toEqual({ ok: false, error: 'bad-signature' });
    expect(verifyCredentialCacheSignature({ ...signed, kind: 'delta', baseVersion: 2 }, 'bridge-1', verifier)).toEqual({ ok: false, error: 'bad-signature' });
    expect(verifyCredentialCacheSignature(signed, 'bridge-2', verifier)).toEqual({ ok: false, error: 'bad-signature' });
  });

  it('signs a documented, line-based input', () => {
    const text = cacheSigningInput(sealed(), 'bridge-1').toString('utf8');
    expect(text.split('\n').map((l) => l.split(' ')[0])).toEqual([
      'acs-credential-cache-signature/v1', 'bridge', 'kind', 'version', 'base', 'issued', 'key', 'iv', 'tag', 'ciphertext-sha256', '',
    ]);
    expect(text).toContain('kind full\n');
    expect(text).toContain('base -\n');
  });

  it('refuses keys of the wrong size', () => {
    expect(() => cacheSigningKeyFromSeed(randomBytes(31))).toThrow(/32-byte/);
    expect(() => cacheVerifierKey(randomBytes(33))).toThrow(/32-byte/);
  });
});
