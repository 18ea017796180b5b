import { existsSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the access log's signing keys live: ACS_LOG_SIGNING_KEY (a secret store puts them in the environment),
 * else a key file — ACS_LOG_SIGNING_KEY_FILE or <ACS_DATA_DIR>/log-signing.key — that only the api's user can
 * read. The api and the CLI (`log key …`, `ledger export`) read it the same way through this one place.
 */
export interface LogKeyLocation {
  /** Keys given in the environment; when set the file is not used. */
  readonly envText?: string;
  readonly file: string;
}

export function logKeyLocation(env: NodeJS.ProcessEnv): LogKeyLocation {
  return {
    envText: env.ACS_LOG_SIGNING_KEY || undefined,
    file: env.ACS_LOG_SIGNING_KEY_FILE || join(resolve(env.ACS_DATA_DIR || '.data'), 'log-signing.key'),
  };
}

/** The key text and where it came from, or undefined when there is none yet. */
export async function readLogKeys(at: LogKeyLocation): Promise<{ text: string; from: string } | undefined> {
  if (at.envText) return { text: at.envText, from: 'ACS_LOG_SIGNING_KEY' };
  if (!existsSync(at.file)) return undefined;
  const text = (await readFile(at.file, 'utf8')).trim();
  return text ? { text, from: at.file } : undefined;
}

/** Changes whenever the key file is rewritten (a rotation), so a running api picks the new keys up. */
export function logKeyStamp(at: LogKeyLocation): string {
  if (at.envText) return 'env';
  try {
    const s = statSync(at.file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return 'none';
  }
}

/** Replaces the key file atomically (mode 600, fsync'd): a crash leaves the old keys or the new, never half. */
export async function writeLogKeys(file: string, lines: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(`${lines.join('\n')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

/** The verifier keys that signed a log's checkpoints ($1 = log id), in the order they were first used. */
export const RECORDED_VERIFIER_KEYS_SQL =
  'SELECT key FROM (SELECT unnest(verifier_keys) AS key, size FROM checkpoints WHERE log_id = $1) k GROUP BY key ORDER BY min(size)';
