import { randomBytes } from 'node:crypto';
import { sealCredentialCache, sealCredentialCacheDelta, unsealCredentialCache, unsealCredentialCacheDelta } from './cache-sealing.js';
import type { CredentialCacheContent, CredentialCacheDelta } from '../mqtt/payloads/credential-cache.js';

const key = { id: 'k1', key: randomBytes(32) };
const content: CredentialCacheContent = {
  version: 7,
  bridgeId: 'bridge-1',
  issuedAt: '2026-11-25T01:00:00.000Z',
  people: [
    {
      personId: '0192f3a0-0000-7000-8000-000000000003',
      personNo: 'S0001',
      keypadCode: '70001',
      kind: 'staff',
      pinVerifier: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
      pinUsable: true,
      templates: [{ id: '0192f3a0-0000-7000-8000-000000000004', position: 'right-index', format: 0, data: 'AAECAw==' }],
    },
  ],
  readers: [{ readerId: 'reader-a1-in', veinThreshold: 150 }],
};

describe(sealCredentialCache.name, () => {
  it('round-trips the content', () => {
    const sealed = sealCredentialCache(content, key);
    expect(unsealCredentialCache(sealed, key)).toEqual({ ok: true, content });
  });

  it('carries neither PIN verifiers nor templates in clear', () => {
    const wire = JSON.stringify(sealCredentialCache(content, key));
    expect(wire).not.toContain('argon2id');
    expect(wire).not.toContain('AAECAw');
    expect(wire).not.toContain('S0001');
  });

  it('rejects another key', () => {
    const sealed = sealCredentialCache(content, key);
    expect(unsealCredentialCache(sealed, { id: 'k1', key: randomBytes(32) })).toEqual({ ok: false, error: 'tampered' });
    expect(unsealCredentialCache(sealed, { id: 'k2', key: key.key })).toMatchObject({ ok: false, error: 'wrong-key' });
  });

  it('rejects a relabelled version or flipped ciphertext', () => {
    const sealed = sealCredentialCache(content, key);
    expect(unsealCredentialCache({ ...sealed, version: 8 }, key)).toMatchObject({ ok: false, error: 'tampered' });
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(unsealCredentialCache({ ...sealed, ciphertext: bytes.toString('base64') }, key)).toMatchObject({ ok: false, error: 'tampered' });
  });

  it('refuses keys of the wrong size', () => {
    expect(() => sealCredentialCache(content, { id: 'k', key: randomBytes(16) })).toThrow(/32 bytes/);
  });
});

describe(sealCredentialCacheDelta.name, () => {
  const delta: CredentialCacheDelta = {
    version: 9,
    baseVersion: 7,
    bridgeId: 'bridge-1',
    issuedAt: '2026-11-25T01:05:00.000Z',
    upserts: [{ ...content.people[0], pinUsable: false, cards: ['ab'.repeat(32)] }],
    removals: ['0192f3a0-0000-7000-8000-000000000009'],
  };

  it('round-trips a delta with its base version bound to the envelope', () => {
    const sealed = sealCredentialCacheDelta(delta, key);
    expect(sealed).toMatchObject({ kind: 'delta', version: 9, baseVersion: 7 });
    expect(unsealCredentialCacheDelta(sealed, key)).toEqual({ ok: true, content: delta });
  });

  it('refuses a delta relabelled onto another base, or passed off as a snapshot (and the other way round)', () => {
    const sealed = sealCredentialCacheDelta(delta, key);
    expect(unsealCredentialCacheDelta({ ...sealed, baseVersion: 8 }, key)).toMatchObject({ ok: false, error: 'tampered' });
    const { kind: _k, baseVersion: _b, ...asSnapshot } = sealed;
    expect(unsealCredentialCache(asSnapshot, key)).toMatchObject({ ok: false, error: 'tampered' });
    expect(unsealCredentialCache(sealed, key)).toMatchObject({ ok: false, error: 'wrong-kind' });
    const snapshot = sealCredentialCache(content, key);
    expect(unsealCredentialCacheDelta({ ...snapshot, kind: 'delta', baseVersion: 6 }, key)).toMatchObject({ ok: false, error: 'tampered' });
  });

  it('never seals a delta that does not move forward', () => {
    expect(() => sealCredentialCacheDelta({ ...delta, baseVersion: 9 }, key)).toThrow(/forward/);
  });
});
