import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealCredentialCache, sealCredentialCacheDelta, type CacheKey } from '#contracts';
import { openBridgeDatabase, type BridgeDatabase } from '../storage/bridge-database.js';
import { FakeClock } from '../testing/fake-clock.js';
import { FakeMqttPort } from '../testing/fake-mqtt-port.js';
import { silentLogger } from '../testing/test-logger.js';
import { CacheSync } from './cache-sync.js';
import { CredentialCache } from './credential-cache.js';
import { SealedCacheStore } from './sealed-cache.store.js';

const KEY: CacheKey = { id: 'k1', key: Buffer.alloc(32, 1) };
const TOPIC = 'acs/v1/bridges/bridge-1/cache/request';
const at = (v: number) => new Date(Date.UTC(2026, 3, 1, 0, v)).toISOString();
const snapshot = (version: number) => sealCredentialCache({ version, bridgeId: 'bridge-1', issuedAt: at(version), people: [], readers: [] }, KEY);
const delta = (version: number, baseVersion: number) =>
  sealCredentialCacheDelta({ version, baseVersion, bridgeId: 'bridge-1', issuedAt: at(version), upserts: [], removals: [] }, KEY);

describe(CacheSync.name, () => {
  let dir: string;
  let db: BridgeDatabase;
  let mqtt: FakeMqttPort;
  let statuses: number;
  let sut: CacheSync;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-cache-sync-'));
    db = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
    mqtt = new FakeMqttPort();
    statuses = 0;
    const cache = new CredentialCache(new SealedCacheStore(db), KEY, 'bridge-1', new FakeClock(), silentLogger());
    sut = new CacheSync({ cache, mqtt, requestTopic: TOPIC, publishStatus: async () => void statuses++, logger: silentLogger() });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should announce a new version in the status, and ask for nothing', async () => {
    expect(await sut.handle(snapshot(3))).toMatchObject({ status: 'updated' });
    expect(await sut.handle(delta(4, 3))).toMatchObject({ status: 'updated' });
    expect(statuses).toBe(2);
    expect(mqtt.on(TOPIC)).toEqual([]);
  });

  it('should ask for a full snapshot, with the version it holds, when a delta is for another base', async () => {
    await sut.handle(snapshot(3));
    expect(await sut.handle(delta(6, 5))).toMatchObject({ status: 'needs-full' });
    expect(mqtt.on(TOPIC)).toEqual([{ haveVersion: 3 }]);
    expect(mqtt.published.at(-1)?.options).toEqual({ qos: 1 });
  });

  it('should survive a lost connection when asking', async () => {
    mqtt.connected = false;
    expect(await sut.handle(delta(2, 1))).toMatchObject({ status: 'needs-full' });
    expect(mqtt.published).toEqual([]);
  });
});
