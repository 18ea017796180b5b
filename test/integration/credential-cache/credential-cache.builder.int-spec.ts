import { randomBytes } from 'node:crypto';
import {
  cacheVerifierKey,
  cardHash,
  unsealCredentialCache,
  unsealCredentialCacheDelta,
  verifyCredentialCacheSignature,
  type CacheKey,
  type CacheVerifierKey,
} from '#contracts';
import { DEMO_PEOPLE } from '#demo-site';
import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { CacheSigner } from '../../../apps/api/src/modules/credential-cache/cache-signer.js';
import { CredentialCacheBuilder } from '../../../apps/api/src/modules/credential-cache/credential-cache.builder.js';
import { CredentialCacheModule } from '../../../apps/api/src/modules/credential-cache/credential-cache.module.js';
import { CardsService } from '../../../apps/api/src/modules/credentials/cards.service.js';
import { CredentialsModule } from '../../../apps/api/src/modules/credentials/credentials.module.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const BRIDGE_2_KEY: CacheKey = { id: 'b2', key: randomBytes(32) };

describe(CredentialCacheBuilder.name, () => {
  let t: ApiTestModule;
  let sut: CredentialCacheBuilder;
  let verifier: CacheVerifierKey;

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, CredentialsModule, CredentialCacheModule], {
      ACS_CACHE_KEYS: `bridge-2:${BRIDGE_2_KEY.id}:${BRIDGE_2_KEY.key.toString('base64')}`,
    });
    sut = t.moduleRef.get(CredentialCacheBuilder);
    verifier = cacheVerifierKey(Buffer.from(t.moduleRef.get(CacheSigner).publicKey, 'base64'));
  });
  afterAll(() => t?.close());

  it('builds a signed full snapshot with the demo people, their card hashes and the card key', async () => {
    const { sealed, state } = await sut.buildFull('bridge-1');
    expect(sealed.kind).toBe('full');
    expect(verifyCredentialCacheSignature(sealed, 'bridge-1', verifier)).toEqual({ ok: true });
    const opened = unsealCredentialCache(sealed, t.config.cacheKey);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.content.people.map((p) => p.personNo).sort()).toEqual(DEMO_PEOPLE.map((p) => p.personNo).sort());
    expect(opened.content.people.find((p) => p.personNo === 'S0001')?.cards).toEqual([cardHash(t.config.cardKey, 'cafe0001')]);
    expect(opened.content.cardKey).toBe(t.config.cardKey.toString('base64'));
    expect(state).toMatchObject({ version: sealed.version });
    expect(state.people.size).toBe(DEMO_PEOPLE.length);
  });

  it('seals a bridge with a key of its own under that key only, and signs it for that bridge only', async () => {
    const { sealed } = await sut.buildFull('bridge-2');
    expect(sealed.keyId).toBe(BRIDGE_2_KEY.id);
    expect(unsealCredentialCache(sealed, BRIDGE_2_KEY).ok).toBe(true);
    expect(unsealCredentialCache(sealed, t.config.cacheKey)).toMatchObject({ ok: false, error: 'wrong-key' });
    expect(verifyCredentialCacheSignature(sealed, 'bridge-1', verifier)).toEqual({ ok: false, error: 'bad-signature' });
  });

  it('builds no delta when nothing changed, and one with only the person concerned when something did', async () => {
    const base = await sut.buildFull('bridge-1');
    expect(await sut.buildDelta('bridge-1', base.state)).toBeUndefined();

    const cards = t.moduleRef.get(CardsService);
    const [demoCard] = await cards.list(t.ids.S0001);
    await cards.revoke(adminActor(), t.ids.S0001, demoCard.id, '紛失');
    const built = await sut.buildDelta('bridge-1', base.state);
    if (!built) throw new Error('no delta');
    expect(built.sealed).toMatchObject({ kind: 'delta', baseVersion: base.state.version });
    expect(built.sealed.version).toBeGreaterThan(base.state.version);
    expect(verifyCredentialCacheSignature(built.sealed, 'bridge-1', verifier)).toEqual({ ok: true });
    const delta = unsealCredentialCacheDelta(built.sealed, t.config.cacheKey);
    if (!delta.ok) throw new Error(delta.error);
    expect(delta.content.upserts.map((p) => p.personNo)).toEqual(['S0001']);
    expect(delta.content.upserts[0].cards).toBeUndefined();
    expect(delta.content.upserts[0].templates).toHaveLength(2); // the whole person, templates opened
    expect(delta.content.removals).toEqual([]);
    expect(delta.content.readers).toBeUndefined();

    // A person who is no longer active is removed; the state moves on with each delta.
    await t.ds.query(`UPDATE people SET status = 'suspended' WHERE id = $1`, [t.ids.S0002]);
    const next = await sut.buildDelta('bridge-1', built.state);
    const removal = next && unsealCredentialCacheDelta(next.sealed, t.config.cacheKey);
    expect(removal).toMatchObject({ ok: true, content: { baseVersion: built.sealed.version, upserts: [], removals: [t.ids.S0002] } });
    await t.ds.query(`UPDATE readers SET vein_threshold = 160 WHERE id = 'reader-a1-in'`);
    const readers = await sut.buildDelta('bridge-1', next!.state);
    expect(readers && unsealCredentialCacheDelta(readers.sealed, t.config.cacheKey)).toMatchObject({
      ok: true, content: { upserts: [], removals: [], readers: expect.arrayContaining([{ readerId: 'reader-a1-in', veinThreshold: 160 }]) },
    });
  });
});
