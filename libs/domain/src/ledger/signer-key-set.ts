import { parseSignerKey, type KeyError, type NoteSigner } from './note-keys.js';

/**
 * A log's signing keys: the current key first, then any keys still co-signing during a rotation (every
 * checkpoint carries a signature by each, so an auditor who trusts only the old key sees the new one endorsed).
 * The text holds one signer key per line (or separated by spaces); blank lines and `#` comments are skipped.
 */
export type SignerKeySetResult = { readonly ok: true; readonly keys: readonly NoteSigner[] } | { readonly ok: false; readonly error: KeyError };

export function parseSignerKeySet(text: string, name?: string): SignerKeySetResult {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
  const keys: NoteSigner[] = [];
  for (const item of lines.flatMap((l) => l.split(/\s+/))) {
    const parsed = parseSignerKey(item);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, message: `key ${keys.length + 1}: ${parsed.error.message}` } };
    if (name !== undefined && parsed.key.name !== name) return malformed(`key ${keys.length + 1} is named ${parsed.key.name}, not ${name}`);
    if (keys.some((k) => k.keyId === parsed.key.keyId)) return malformed(`key ${keys.length + 1} repeats the key ID of an earlier key`);
    keys.push(parsed.key);
  }
  return keys.length > 0 ? { ok: true, keys } : malformed('no signing key');
}

function malformed(message: string): SignerKeySetResult {
  return { ok: false, error: { code: 'malformed-key', message } };
}
