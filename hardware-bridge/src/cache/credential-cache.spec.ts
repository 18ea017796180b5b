import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cacheSigningKeyFromSeed,
  cacheVerifierKey,
  cardHash,
  cardReference,
  sealCredentialCache,
  sealCredentialCacheDelta,
  signCredentialCache,
  type CacheKey,
  type CachedPerson,
  type CredentialCacheContent,
  type SealedCredentialCache,
} from '#contracts';
import { syntheticVeinPattern } from '#demo-site';
import { openBridgeDatabase, type BridgeDatabase } from '../storage/bridge-database.js';
import { FakeClock } from '../testing/fake-clock.js';
import { captureLogger, silentLogger } from '../testing/test-logger.js';
import { CredentialCache, MAX_STORED_DELTAS } from './credential-cache.js';
import { SealedCacheStore } from './sealed-cache.store.js';

const KEY: CacheKey = { id: 'k1', key: Buffer.alloc(32, 1) };
const CARD_KEY = Buffer.alloc(32, 4);
const CARD = '5a17c0de0001c0ffee';
const SIGNER = cacheSigningKeyFromSeed(Buffer.alloc(32, 8));
const VERIFIER = cacheVerifierKey(Buffer.from(SIGNER.publicKeyBase64, 'base64'));
// A made-up argon2id PHC string: only its presence on disk matters here.
const VERIFIER_PHC = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$QmFkQmFkQmFkQmFkQmFkQmFkQmFkQmFkQmFkQmFkQmE';
const TEMPLATE = syntheticVeinPattern('S0001', 'right-index');
const issued = (version: number) => new Date(Date.UTC(2026, 3, 1, 0, version)).toISOString();

const person = (n: number, overrides: Partial<CachedPerson> = {}): CachedPerson => ({
  personId: `01960000-0000-7000-8000-0000000000a${n}`,
  personNo: `S000${n}`,
  keypadCode: `7000${n}`,
  kind: 'staff',
  pinVerifier: VERIFIER_PHC,
  pinUsable: true,
  templates: [{ id: `01960000-0000-7000-8000-0000000000b${n}`, position: 'right-index', format: 0, data: TEMPLATE.toString('base64') }],
  ...overrides,
});

function content(version: number, bridgeId = 'bridge-1'): CredentialCacheContent {
  return {
    version,
    bridgeId,
    issuedAt: issued(version),
    people: [person(1, { cards: [cardHash(CARD_KEY, CARD)] }), person(2)],
    readers: [{ readerId: 'reader-a1-in', veinThreshold: 150 }],
    cardKey: CARD_KEY.toString('base64'),
  };
}

const snapshot = (version: number, sign = true): SealedCredentialCache => {
  const sealed = sealCredentialCache(content(version), KEY);
  return sign ? signCredentialCache(sealed, 'bridge-1', SIGNER) : sealed;
};
const delta = (version: number, baseVersion: number, change: { upserts?: CachedPerson[]; removals?: string[] } = {}): SealedCredentialCache =>
  signCredentialCache(
    sealCredentialCacheDelta({ version, baseVersion, bridgeId: 'bridge-1', issuedAt: issued(version), upserts: change.upserts ?? [], removals: change.removals ?? [] }, KEY),
    'bridge-1',
    SIGNER,
  );

describe(CredentialCache.name, () => {
  let dir: string;
  let db: BridgeDatabase;
  const make = (options: { key?: CacheKey; verifier?: typeof VERIFIER | null; logger?: ReturnType<typeof silentLogger> } = {}) =>
    new CredentialCache(
      new SealedCacheStore(db),
      options.key ?? KEY,
      'bridge-1',
      new FakeClock(),
      options.logger ?? silentLogger(),
      options.verifier === null ? undefined : (options.verifier ?? VERIFIER),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-cache-'));
    db = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should unseal a signed snapshot and look people up by keypad code and by card', () => {
    const sut = make();
    expect(sut.version).toBe(0);
    expect(sut.findByCard(CARD)).toEqual({ reference: 'unkeyed', person: undefined });
    expect(sut.accept(snapshot(3))).toEqual({ status: 'updated', version: 3 });
    expect(sut.version).toBe(3);
    expect(sut.findByKeypadCode('70001')?.personNo).toBe('S0001');
    expect(sut.findByKeypadCode('99999')).toBeUndefined();
    expect(sut.findByCard(CARD.toUpperCase())).toEqual({ reference: cardReference(cardHash(CARD_KEY, CARD)), person: expect.objectContaining({ personNo: 'S0001' }) });
    expect(sut.findByCard('0011').person).toBeUndefined();
    expect(sut.readerThreshold('reader-a1-in')).toBe(150);
    expect(sut.readerThreshold('reader-x')).toBeUndefined();
  });

  it('should reject and count unsigned, foreign-signed and altered caches when the api key is configured', () => {
    const { logger, lines } = captureLogger();
    const sut = make({ logger });
    expect(sut.accept(snapshot(1, false))).toEqual({ status: 'rejected', reason: 'unsigned' });
    const rogue = cacheSigningKeyFromSeed(Buffer.alloc(32, 9));
    expect(sut.accept(signCredentialCache(sealCredentialCache(content(2), KEY), 'bridge-1', rogue))).toEqual({ status: 'rejected', reason: 'wrong-signer' });
    expect(sut.accept({ ...snapshot(3), version: 4 })).toEqual({ status: 'rejected', reason: 'bad-signature' });
    expect(sut.accept(signCredentialCache(sealCredentialCache(content(5), KEY), 'bridge-2', SIGNER))).toEqual({ status: 'rejected', reason: 'bad-signature' });
    expect(sut.accept({ ...delta(6, 5), signature: snapshot(6).signature })).toEqual({ status: 'rejected', reason: 'bad-signature' });
    expect(sut.version).toBe(0);
    expect(sut.stats().rejected).toEqual({ unsigned: 1, 'wrong-signer': 1, 'bad-signature': 3 });
    expect(lines.filter((l) => l.includes('credential cache rejected'))).toHaveLength(5);
  });

  it('should accept unsigned caches only in the migration mode (no api key configured)', () => {
    expect(make({ verifier: null }).accept(snapshot(1, false))).toEqual({ status: 'updated', version: 1 });
  });

  it('should reject a signed snapshot sealed with another key, or for another bridge', () => {
    const sut = make();
    const otherKey: CacheKey = { id: 'k1', key: Buffer.alloc(32, 2) };
    expect(sut.accept(signCredentialCache(sealCredentialCache(content(1), otherKey), 'bridge-1', SIGNER))).toEqual({ status: 'rejected', reason: 'tampered' });
    expect(sut.accept(signCredentialCache(sealCredentialCache(content(1), { ...otherKey, id: 'k2' }), 'bridge-1', SIGNER))).toEqual({ status: 'rejected', reason: 'wrong-key' });
    expect(sut.accept(signCredentialCache(sealCredentialCache(content(1, 'bridge-9'), KEY), 'bridge-1', SIGNER))).toEqual({ status: 'rejected', reason: 'wrong-bridge' });
    expect(sut.version).toBe(0);
  });

  it('should ignore older and equal versions', () => {
    const sut = make();
    sut.accept(snapshot(5));
    expect(sut.accept(snapshot(4))).toEqual({ status: 'stale', version: 5 });
    expect(sut.accept(snapshot(5)).status).toBe('stale');
    expect(sut.accept(delta(5, 4)).status).toBe('stale');
  });

  it('should apply a delta only on top of exactly its base version', () => {
    const sut = make();
    sut.accept(snapshot(3));
    const moved = person(1, { keypadCode: '70011', pinUsable: false, cards: [] });
    expect(sut.accept(delta(5, 3, { upserts: [moved, person(3)], removals: [person(2).personId] }))).toEqual({ status: 'updated', version: 5 });
    expect(sut.findByKeypadCode('70001')).toBeUndefined();
    expect(sut.findByKeypadCode('70011')?.pinUsable).toBe(false);
    expect(sut.findByKeypadCode('70002')).toBeUndefined();
    expect(sut.findByKeypadCode('70003')?.personNo).toBe('S0003');
    expect(sut.findByCard(CARD).person).toBeUndefined(); // the card was revoked
    expect(sut.readerThreshold('reader-a1-in')).toBe(150); // no readers in the delta: unchanged

    // A delta for another base is never applied, and the caller is told to fetch a snapshot.
    expect(sut.accept(delta(7, 6, { removals: [person(3).personId] }))).toEqual({ status: 'needs-full', version: 5, baseVersion: 6 });
    expect(sut.findByKeypadCode('70003')).toBeDefined();
    expect(sut.stats()).toMatchObject({ snapshots: 1, deltas: 1, baseMismatches: 1 });
    // …and a snapshot puts it right.
    expect(sut.accept(snapshot(8))).toEqual({ status: 'updated', version: 8 });
  });

  it('should ask for a snapshot when a delta arrives before any snapshot', () => {
    expect(make().accept(delta(2, 1))).toEqual({ status: 'needs-full', version: 0, baseVersion: 1 });
  });

  it('should reload the stored snapshot and replay its deltas at start, and not with a wrong key', () => {
    const first = make();
    first.accept(snapshot(2));
    first.accept(delta(4, 2, { removals: [person(2).personId] }));
    first.accept(delta(6, 4, { upserts: [person(3)] }));
    const reloaded = make();
    reloaded.load();
    expect(reloaded.version).toBe(6);
    expect(reloaded.findByKeypadCode('70002')).toBeUndefined();
    expect(reloaded.findByKeypadCode('70003')).toBeDefined();
    expect(reloaded.findByCard(CARD).person?.personNo).toBe('S0001');
    const wrongKey = make({ key: { id: 'k1', key: Buffer.alloc(32, 9) } });
    wrongKey.load();
    expect(wrongKey.version).toBe(0);
    const otherApi = make({ verifier: cacheVerifierKey(Buffer.from(cacheSigningKeyFromSeed(Buffer.alloc(32, 7)).publicKeyBase64, 'base64')) });
    otherApi.load();
    expect(otherApi.version).toBe(0);
  });

  it('should drop a stored delta that does not apply, and everything after it', () => {
    const store = new SealedCacheStore(db);
    make().accept(snapshot(2));
    store.appendDelta(delta(5, 3), '2026-04-01T00:00:00.000Z');
    store.appendDelta(delta(6, 5), '2026-04-01T00:00:00.000Z');
    const reloaded = make();
    reloaded.load();
    expect(reloaded.version).toBe(2);
    expect(store.deltaCount()).toBe(0);
  });

  it('should ask to compact after many deltas, and a snapshot clears them', () => {
    const sut = make();
    sut.accept(snapshot(1));
    let result;
    for (let v = 2; v <= MAX_STORED_DELTAS + 1; v++) result = sut.accept(delta(v, v - 1));
    expect(result).toEqual({ status: 'updated', version: MAX_STORED_DELTAS + 1, compact: true });
    sut.accept(snapshot(MAX_STORED_DELTAS + 2));
    expect(new SealedCacheStore(db).deltaCount()).toBe(0);
  });

  it('should store the sealed envelopes only: no PIN verifier, template, card key or card hash in clear on disk', () => {
    const sut = make();
    sut.accept(snapshot(1));
    sut.accept(delta(2, 1, { upserts: [person(1, { cards: [cardHash(CARD_KEY, CARD)] })] }));
    db.pragma('wal_checkpoint(PASSIVE)');
    const bytes = Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [
      Buffer.from(VERIFIER_PHC),
      Buffer.from('$argon2id$'),
      TEMPLATE,
      Buffer.from(TEMPLATE.toString('base64')),
      Buffer.from('70001'),
      Buffer.from(CARD),
      Buffer.from(CARD_KEY.toString('base64')),
      Buffer.from(cardHash(CARD_KEY, CARD)),
    ]) {
      expect(bytes.includes(secret)).toBe(false);
    }
  });
});
