import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalSecrets {
  templateKey: string;
  cacheKey: string;
  /** HMAC key for IC staff card numbers. */
  cardKey: string;
  /** Ed25519 seed the api signs credential caches with (the bridge gets the public key). */
  cacheSigningKey: string;
}

const generators: { [K in keyof LocalSecrets]: () => string } = {
  templateKey: () => randomBytes(32).toString('base64'),
  cacheKey: () => randomBytes(32).toString('base64'),
  cardKey: () => randomBytes(32).toString('base64'),
  cacheSigningKey: () => randomBytes(32).toString('base64'),
};

/**
 * Keys for a local instance, generated on first start into `<data dir>/secrets.json` (mode 600); a key added by
 * a later version is generated into the existing file. Production sets ACS_TEMPLATE_KEY, ACS_CACHE_KEY,
 * ACS_CARD_KEY and ACS_CACHE_SIGNING_KEY from its secret store instead.
 */
export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(dataDir, 'secrets.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const missing = (Object.keys(generators) as Array<keyof LocalSecrets>).filter((k) => typeof existing[k] !== 'string');
  if (missing.length === 0) return existing as LocalSecrets;
  const secrets = { ...existing } as LocalSecrets;
  for (const k of missing) secrets[k] = generators[k]();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** The demo admin password: ACS_ADMIN_PASSWORD, or generated once into `<data dir>/admin-password.txt`. */
export async function loadOrCreateAdminPassword(dataDir: string): Promise<{ password: string; created: boolean; file: string }> {
  const file = join(dataDir, 'admin-password.txt');
  if (existsSync(file)) return { password: readFileSync(file, 'utf8').trim(), created: false, file };
  const password = randomBytes(12).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return { password, created: true, file };
}
