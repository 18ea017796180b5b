import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealCredentialCache, type CacheKey, type CredentialCacheContent } from '#contracts';
import { syntheticVeinPattern } from '#demo-site';
import { openBridgeDatabase, type BridgeDatabase } from '../storage/bridge-database.js';
import { FakeClock } from '../testing/fake-clock.js';
import { silentLogger } from '../testing/test-logger.js';
import { CredentialCache } from './credential-cache.js';
import { SealedCacheStore } from './sealed-cache.store.js';

const KEY: CacheKey = { id: 'k1', key: Buffer.alloc(32, 1) };
// A made-up argon2id PHC string: only its presence on disk matters here.
const VERIFIER = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$QmFkQmFkQmFkQmFkQmFkQmFkQmFkQmFkQmFkQmFkQmE';
const TEMPLATE = syntheticVeinPattern('S0001', 'right-index');

function content(version: number, bridgeId = 'bridge-1'): CredentialCacheContent {
  return {
    version,
    bridgeId,
    issuedAt: new Date(Date.UTC(2026, 3, 1, 0, version)).toISOString(),
    people: [
      {
        personId: '01960000-0000-7000-8000-0000000000a1',
        personNo: 'S0001',
        keypadCode: '70001',
        kind: 'staff',
        pinVerifier: VERIFIER,
        pinUsable: true,
        templates: [
          { id: '01960000-0000-7000-8000-0000000000b1', position: 'right-index', format: 0, data: TEMPLATE.toString('base64') },
        ],
      },
    ],
    readers: [{ readerId: 'reader-a1-in', veinThreshold: 150 }],
  };
}

describe(CredentialCache.name, () => {
  let dir: string;
  let db: BridgeDatabase;
  const make = (key: CacheKey = KEY) =>
    new CredentialCache(new SealedCacheStore(db), key, 'bridge-1', new FakeClock(), silentLogger());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-cache-'));
    db = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should unseal a snapshot and look people up by keypad code', () => {
    const sut = make();
    expect(sut.version).toBe(0);
    expect(sut.accept(sealCredentialCache(content(3), KEY))).toEqual({ status: 'updated', version: 3 });
    expect(sut.version).toBe(3);
    expect(sut.findByKeypadCode('70001')?.personNo).toBe('S0001');
    expect(sut.findByKeypadCode('99999')).toBeUndefined();
    expect(sut.readerThreshold('reader-a1-in')).toBe(150);
    expect(sut.readerThreshold('reader-x')).toBeUndefined();
  });

  it('should reject a snapshot sealed with another key', () => {
    const sut = make();
    const otherKey: CacheKey = { id: 'k1', key: Buffer.alloc(32, 2) };
    expect(sut.accept(sealCredentialCache(content(1), otherKey))).toEqual({ status: 'rejected', reason: 'tampered' });
    expect(sut.accept(sealCredentialCache(content(1), { ...otherKey, id: 'k2' }))).toEqual({
      status: 'rejected',
      reason: 'wrong-key',
    });
    expect(sut.version).toBe(0);
  });

  it('should reject a snapshot for another bridge', () => {
    expect(make().accept(sealCredentialCache(content(1, 'bridge-9'), KEY))).toEqual({
      status: 'rejected',
      reason: 'wrong-bridge',
    });
  });

  it('should ignore older and equal versions', () => {
    const sut = make();
    sut.accept(sealCredentialCache(content(5), KEY));
    expect(sut.accept(sealCredentialCache(content(4), KEY))).toEqual({ status: 'stale', version: 5 });
    expect(sut.accept(sealCredentialCache(content(5), KEY)).status).toBe('stale');
  });

  it('should reload the stored snapshot at start, and not with a wrong key', () => {
    make().accept(sealCredentialCache(content(2), KEY));
    const reloaded = make();
    reloaded.load();
    expect(reloaded.version).toBe(2);
    expect(reloaded.findByKeypadCode('70001')).toBeDefined();
    const wrongKey = make({ id: 'k1', key: Buffer.alloc(32, 9) });
    wrongKey.load();
    expect(wrongKey.version).toBe(0);
  });

  it('should store the sealed envelope only: no PIN verifier or template in clear on disk', () => {
    make().accept(sealCredentialCache(content(1), KEY));
    db.pragma('wal_checkpoint(PASSIVE)');
    const bytes = Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [
      Buffer.from(VERIFIER),
      Buffer.from('$argon2id$'),
      TEMPLATE,
      Buffer.from(TEMPLATE.toString('base64')),
      Buffer.from('70001'),
    ]) {
      expect(bytes.includes(secret)).toBe(false);
    }
  });
});
