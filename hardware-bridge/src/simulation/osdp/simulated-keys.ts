import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCBK_DEFAULT } from '#osdp';

/** Same shape as BRIDGE_SECRETS_FILE, so the bridge loads it with the same code as a real site's keys. */
interface KeyFile {
  scbk: Record<string, string>;
}

/**
 * `--simulate`: every simulated device gets its own random SCBK, generated at first start and kept in the
 * data directory (mode 600) so the bridge and the simulated devices agree across restarts. Returns the path.
 */
export function ensureSimulatedKeys(path: string, deviceIds: readonly string[]): string {
  let file: KeyFile = { scbk: {} };
  if (existsSync(path)) {
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyFile>;
      if (parsed.scbk && typeof parsed.scbk === 'object') file = { scbk: { ...parsed.scbk } };
    } catch {
      // Unreadable: start over with new keys (both sides read this same file).
    }
  }
  let changed = false;
  for (const id of deviceIds) {
    const current = file.scbk[id];
    if (typeof current === 'string' && /^[0-9a-f]{32}$/i.test(current)) continue;
    let key = randomBytes(16);
    while (key.equals(SCBK_DEFAULT)) key = randomBytes(16);
    file.scbk[id] = key.toString('hex');
    changed = true;
  }
  if (changed || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);
  return path;
}
