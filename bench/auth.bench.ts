import { unsealCredentialCache } from '#contracts';
import { hash, verify } from '@node-rs/argon2';
import { uuidv7 } from 'uuidv7';
import { CredentialCacheBuilder } from '../apps/api/src/modules/credential-cache/credential-cache.builder.js';
import { CredentialCacheModule } from '../apps/api/src/modules/credential-cache/credential-cache.module.js';
import { TemplateCipher } from '../apps/api/src/modules/people/template-cipher.js';
import { apiTestModule } from '../test/support/api-module.js';
import type { Bench } from './bench-report.js';
import { benchServices } from './bench-services.js';

/**
 * Door-credential costs: one argon2id PIN verification (what the bridge does per attempt), and building,
 * sealing and unsealing the credential cache for 10,000 people with one vein template each.
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
  let sealed = await builder.build('bridge-1');
  for (let i = 1; i < runs; i++) sealed = await builder.build('bridge-1');
  const buildMs = (performance.now() - t) / runs;
  const wireBytes = Buffer.byteLength(JSON.stringify(sealed));
  t = performance.now();
  const unsealed = unsealCredentialCache(sealed, api.config.cacheKey);
  const unsealMs = performance.now() - t;
  if (!unsealed.ok || unsealed.content.people.length < people) throw new Error('cache did not round-trip');

  await api.close();
  await services.stop();
  return {
    name: `auth: PIN verification and credential cache (${people.toLocaleString('en-US')} people)`,
    rows: [
      { metric: 'argon2id PIN verify (m=19456, t=2), one at a time', value: verifyMs, unit: 'ms' },
      { metric: 'argon2id PIN verifies, all cores', value: parallelPerSecond, unit: '/s' },
      { metric: `seed ${people} people + PINs + templates`, value: seedSeconds, unit: 's' },
      { metric: 'build + seal cache (api)', value: buildMs, unit: 'ms', target: '< 5000 (pushed on every change)' },
      { metric: 'sealed cache on the wire', value: wireBytes / 1024 / 1024, unit: 'MiB' },
      { metric: 'unseal + validate cache (bridge)', value: unsealMs, unit: 'ms' },
    ],
    figures: {
      people,
      pinVerifyMs: round(verifyMs),
      pinVerifiesPerSecond: round(parallelPerSecond),
      cacheBuildMs: round(buildMs),
      cacheBytes: wireBytes,
      cacheUnsealMs: round(unsealMs),
    },
  };
};

const round = (n: number) => Math.round(n * 100) / 100;
