import type { CacheKey } from '#contracts';

const BRIDGE_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

export type ParsedCacheKeys = { ok: true; keys: ReadonlyMap<string, CacheKey> } | { ok: false; problems: string[] };

/**
 * Per-bridge credential-cache keys: `bridgeId:keyId:base64key` entries separated by commas or new lines
 * (`#` starts a comment in a keys file). Problems name the entry by its position and bridge, never the key.
 */
export function parseCacheKeys(text: string, source: string): ParsedCacheKeys {
  const keys = new Map<string, CacheKey>();
  const problems: string[] = [];
  const entries = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, i) => {
    const [bridgeId = '', keyId = '', key = '', ...rest] = entry.split(':');
    const where = `${source} entry ${i + 1}${BRIDGE_ID.test(bridgeId) ? ` (${bridgeId})` : ''}`;
    if (rest.length > 0 || !BRIDGE_ID.test(bridgeId) || !KEY_ID.test(keyId)) {
      problems.push(`${where} must be bridgeId:keyId:base64key`);
    } else if (!BASE64_32_BYTES.test(key)) {
      problems.push(`${where}: the key must be 32 bytes, base64 encoded`);
    } else if (keys.has(bridgeId)) {
      problems.push(`${where}: bridge ${bridgeId} is listed twice`);
    } else {
      keys.set(bridgeId, { id: keyId, key: Buffer.from(key, 'base64') });
    }
  });
  return problems.length === 0 ? { ok: true, keys } : { ok: false, problems };
}
