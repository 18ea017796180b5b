import { parseSignerKeySet, parseVerifierKey } from '#domain';
import pg from 'pg';
import { join, resolve } from 'node:path';
import { RECORDED_VERIFIER_KEYS_SQL, logKeyLocation, readLogKeys } from '../../../api/src/modules/access-log/log-key-store.js';
import { readRuntimeInfo } from '../infra/runtime-file.js';

export class ExportSetupError extends Error {}

/** DATABASE_URL, else the database of the instance `npm start` is running (.data/runtime.json). */
export function resolveDatabaseUrl(env: NodeJS.ProcessEnv): { url: string; from: string } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, from: 'DATABASE_URL' };
  const dataDir = resolve(env.ACS_DATA_DIR || '.data');
  const runtime = readRuntimeInfo(dataDir);
  if (runtime?.databaseUrl) return { url: runtime.databaseUrl, from: join(dataDir, 'runtime.json') };
  throw new ExportSetupError('No database: set DATABASE_URL, or start an instance with `npm start` (it records its database in .data/runtime.json).');
}

/**
 * The verifier keys to put into the export: given; else every key recorded as having signed one of the log's
 * checkpoints (so keys retired by a rotation still come along), then the public halves of the api's current
 * signing keys (ACS_LOG_SIGNING_KEY, ACS_LOG_SIGNING_KEY_FILE, or <ACS_DATA_DIR>/log-signing.key, as the api reads
 * them). Only public halves are written. Undefined when none is found: the export is still complete, and an
 * auditor brings their own key.
 */
export async function resolveVerifierKeys(env: NodeJS.ProcessEnv, given: readonly string[], dbUrl?: string, logId = 'main'): Promise<{ keys: string[]; from: string } | undefined> {
  if (given.length > 0) {
    for (const k of given) {
      const parsed = parseVerifierKey(k);
      if (!parsed.ok) throw new ExportSetupError(`--verifier-key ${k}: ${parsed.error.message}`);
    }
    return { keys: [...given], from: '--verifier-key' };
  }
  const recorded = dbUrl ? await recordedVerifierKeys(dbUrl, logId) : [];
  const found = await readLogKeys(logKeyLocation(env));
  const current: string[] = [];
  if (found) {
    const set = parseSignerKeySet(found.text);
    if (!set.ok) throw new ExportSetupError(`the signing key in ${found.from} is not usable: ${set.error.message}`);
    current.push(...set.keys.map((k) => k.verifier.verifierKey));
  }
  const keys = [...new Set([...recorded, ...current])];
  if (keys.length === 0) return undefined;
  const from = [recorded.length > 0 && 'the keys recorded with the checkpoints', found && `${found.from} (public half)`].filter(Boolean).join(' and ');
  return { keys, from };
}

/** The verifier keys that signed the log's checkpoints, in the order they were first used. */
async function recordedVerifierKeys(dbUrl: string, logId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: dbUrl, application_name: 'acs verifier keys' });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>(RECORDED_VERIFIER_KEYS_SQL, [logId]);
    return rows.map((r) => r.key);
  } finally {
    await client.end();
  }
}
