import { parseSignerKey, parseVerifierKey } from '#domain';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
 * The verifier key to put into the export: given, or derived from the api's signing key (ACS_LOG_SIGNING_KEY,
 * ACS_LOG_SIGNING_KEY_FILE, or <ACS_DATA_DIR>/log-signing.key as the api uses them). Only the public half is
 * written. Undefined when none is found: the export is still complete, and an auditor brings their own key.
 */
export function resolveVerifierKeys(env: NodeJS.ProcessEnv, given: readonly string[]): { keys: string[]; from: string } | undefined {
  if (given.length > 0) {
    for (const k of given) {
      const parsed = parseVerifierKey(k);
      if (!parsed.ok) throw new ExportSetupError(`--verifier-key ${k}: ${parsed.error.message}`);
    }
    return { keys: [...given], from: '--verifier-key' };
  }
  const file = env.ACS_LOG_SIGNING_KEY_FILE || join(resolve(env.ACS_DATA_DIR || '.data'), 'log-signing.key');
  const [text, from] = env.ACS_LOG_SIGNING_KEY ? [env.ACS_LOG_SIGNING_KEY, 'ACS_LOG_SIGNING_KEY'] : existsSync(file) ? [readFileSync(file, 'utf8').trim(), file] : [];
  if (!text) return undefined;
  const signer = parseSignerKey(text);
  if (!signer.ok) throw new ExportSetupError(`the signing key in ${from} is not usable: ${signer.error.message}`);
  return { keys: [signer.key.verifier.verifierKey], from: `${from} (public half)` };
}
