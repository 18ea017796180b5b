import { cacheVerifierKey, unsealCredentialCache } from '#contracts';
import { hash, verify } from '@node-rs/argon2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { CacheSigner } from '../apps/api/src/modules/credential-cache/cache-signer.js';
import { CredentialCacheBuilder } from '../apps/api/src/modules/credential-cache/credential-cache.builder.js';
import { CredentialCacheModule } from '../apps/api/src/modules/credential-cache/credential-cache.module.js';
import { TemplateCipher } from '../apps/api/src/modules/people/template-cipher.js';
import { CredentialCache } from '../hardware-bridge/src/cache/credential-cache.js';
import { SealedCacheStore } from '../hardware-bridge/src/cache/sealed-cache.store.js';
import { SystemClock } from '../hardware-bridge/src/clock/clock.js';
import { openBridgeDatabase } from '../hardware-bridge/src/storage/bridge-database.js';
import { silentLogger } from '../hardware-bridge/src/testing/test-logger.js';
import { apiTestModule } from '../test/support/api-module.js';
import type { Bench } from './bench-report.js';
import { benchServices } from './bench-services.js';

/**
 * Door-credential costs: one argon2id PIN verification (what the bridge does per attempt); building, sealing,
 * signing and unsealing the full credential cache for 10,000 people with one vein template each; and the delta
 * after one person changed (api: diff and build; bridge: verify, unseal, store and apply).
 */
export const bench: Bench = async (args) => {
  const people = Number(args[0] ?? 10_000);
  const services = await benchServices();
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.MQTT_URL = services.mqttUrl;

  const verifier = await hash('482613');
  const verifies = 40;
  let t = performance.now();
  for (let i = 0; i < verifies; i++) await verify(verifier, i % 2 === 0 ? '482613' : '000000');
  const verifyMs = (performance.now() - t) / verifies;
  t = performance.now();
  await Promise.all(Array.from({ length: verifies }, (_, i) => verify(verifier, i % 2 === 0 ? '482613' : '000000')));
  const parallelPerSecond = verifies / ((performance.now() - t) / 1000);

  const api = await apiTestModule([CredentialCacheModule], { LOG_LEVEL: 'error' });
  const cipher = api.moduleRef.get(TemplateCipher);
  t = performance.now();
  const ids = Array.from({ length: people }, () => uuidv7());
  const templateIds = ids.map(() => uuidv7());
  const template = Buffer.alloc(64, 7);
  await api.ds.query(
    `INSERT INTO people (id, person_no, kind, family_name, given_name, affiliation_ja)
     SELECT id, 'B' || lpad(n::text, 6, '0'), 'staff', '試験', '太郎', '総務部' FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
    [ids],
  );
  await api.ds.query(`INSERT INTO pin_credentials (person_id, verifier) SELECT unnest($1::uuid[]), $2`, [ids, verifier]);
  await api.ds.query(
    `INSERT INTO vein_templates (id, person_id, position, format, key_id, sealed)
     SELECT t, p, 'right-index', 0, $3, s FROM unnest($1::uuid[], $2::uuid[], $4::bytea[]) AS x(t, p, s)`,
    [templateIds, ids, cipher.keyId, ids.map((id, i) => cipher.seal(template, id, templateIds[i]))],
  );
  const seedSeconds = (performance.now() - t) / 1000;

  const builder = api.moduleRef.get(CredentialCacheBuilder);
  await builder.build('bridge-1'); // warm-up
  const runs = 3;
  t = performance.now();
  let full = await builder.buildFull('bridge-1');
  for (let i = 1; i < runs; i++) full = await builder.buildFull('bridge-1');
  const buildMs = (performance.now() - t) / runs;
  const sealed = full.sealed;
  const wireBytes = Buffer.byteLength(JSON.stringify(sealed));
  t = performance.now();
  const unsealed = unsealCredentialCache(sealed, api.config.cacheKey);
  const unsealMs = performance.now() - t;
  if (!unsealed.ok || unsealed.content.people.length < people) throw new Error('cache did not round-trip');

  // The bridge side, as it runs: signature, seal, store (SQLite, fsync) and index.
  const dir = mkdtempSync(join(tmpdir(), 'bench-bridge-cache-'));
  const bridgeDb = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
  const verifierKey = cacheVerifierKey(Buffer.from(api.moduleRef.get(CacheSigner).publicKey, 'base64'));
  const bridgeCache = new CredentialCache(new SealedCacheStore(bridgeDb), api.config.cacheKey, 'bridge-1', new SystemClock(), silentLogger(), verifierKey);
  t = performance.now();
  if (bridgeCache.accept(sealed).status !== 'updated') throw new Error('bridge refused the snapshot');
  const bridgeFullMs = performance.now() - t;

  // Nothing changed: the api only diffs.
  t = performance.now();
  for (let i = 0; i < runs; i++) if ((await builder.buildDelta('bridge-1', full.state)) !== undefined) throw new Error('a delta without a change');
  const noChangeMs = (performance.now() - t) / runs;

  // One person changed each time (a temporary PIN: no longer usable at the door), each delta on the last.
  let state = full.state;
  let deltaMs = 0;
  let bridgeDeltaMs = 0;
  let deltaBytes = 0;
  for (let i = 0; i < runs; i++) {
    await api.ds.query(`UPDATE pin_credentials SET must_change = true WHERE person_id = $1`, [ids[(people >> 1) + i]]);
    t = performance.now();
    const delta = await builder.buildDelta('bridge-1', state);
    deltaMs += (performance.now() - t) / runs;
    if (!delta) throw new Error('no delta for a change');
    deltaBytes = Buffer.byteLength(JSON.stringify(delta.sealed));
    t = performance.now();
    if (bridgeCache.accept(delta.sealed).status !== 'updated') throw new Error('bridge refused the delta');
    bridgeDeltaMs += (performance.now() - t) / runs;
    state = delta.state;
  }
  bridgeDb.close();
  rmSync(dir, { recursive: true, force: true });

  await api.close();
  await services.stop();
  return {
    name: `auth: PIN verification and credential cache (${people.toLocaleString('en-US')} people)`,
    rows: [
      { metric: 'argon2id PIN verify (m=19456, t=2), one at a time', value: verifyMs, unit: 'ms' },
      { metric: 'argon2id PIN verifies, all cores', value: parallelPerSecond, unit: '/s' },
      { metric: `seed ${people} people + PINs + templates`, value: seedSeconds, unit: 's' },
      { metric: 'full snapshot: build + seal + sign (api)', value: buildMs, unit: 'ms', target: '< 5000 (on request, new bridge, api start)' },
      { metric: 'full snapshot on the wire', value: wireBytes / 1024 / 1024, unit: 'MiB' },
      { metric: 'full snapshot: unseal + validate', value: unsealMs, unit: 'ms' },
      { metric: 'full snapshot: verify + unseal + store + index (bridge)', value: bridgeFullMs, unit: 'ms' },
      { metric: 'change check, nothing changed (api)', value: noChangeMs, unit: 'ms' },
      { metric: 'delta, 1 person changed: diff + build + seal + sign (api)', value: deltaMs, unit: 'ms', target: '< 1000 (pushed on every change)' },
      { metric: 'delta, 1 person changed, on the wire', value: deltaBytes, unit: 'bytes' },
      { metric: 'delta: verify + unseal + store + apply (bridge)', value: bridgeDeltaMs, unit: 'ms' },
    ],
    figures: {
      people,
      pinVerifyMs: round(verifyMs),
      pinVerifiesPerSecond: round(parallelPerSecond),
      cacheBuildMs: round(buildMs),
      cacheBytes: wireBytes,
      cacheUnsealMs: round(unsealMs),
      bridgeSnapshotMs: round(bridgeFullMs),
      noChangeCheckMs: round(noChangeMs),
      deltaBuildMs: round(deltaMs),
      deltaBytes,
      bridgeDeltaMs: round(bridgeDeltaMs),
    },
  };
};

const round = (n: number) => Math.round(n * 100) / 100;
