import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalSecrets {
  templateKey: string;
  cacheKey: string;
}

/**
 * Keys for a local instance, generated on first start into `<data dir>/secrets.json` (mode 600).
 * Production sets ACS_TEMPLATE_KEY / ACS_CACHE_KEY from its secret store instead.
 */
export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    templateKey: randomBytes(32).toString('base64'),
    cacheKey: randomBytes(32).toString('base64'),
  };
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
