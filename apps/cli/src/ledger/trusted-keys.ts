import { parseVerifierKey, type NoteVerifier } from '#domain';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERIFIER_KEYS } from './export-layout.js';

export class KeyUsageError extends Error {}

export interface TrustedKeys {
  readonly verifiers: NoteVerifier[];
  /** 'given': the auditor's own keys; 'export': the keys that came with the export (which proves little). */
  readonly source: 'given' | 'export';
}

/** One key per line; blank lines and # comments are skipped. */
function keyLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
}

/**
 * The keys checkpoints must be signed with: --trusted-key / --trusted-key-file when given; otherwise the
 * export's own verifier-keys.txt, which anyone who rewrote the export could have replaced as well.
 */
export function trustedKeys(root: string, given: readonly string[], files: readonly string[], exportListsKeys: boolean): TrustedKeys {
  const texts = [...given];
  for (const file of files) {
    if (!existsSync(file)) throw new KeyUsageError(`--trusted-key-file ${file} not found`);
    texts.push(...keyLines(readFileSync(file, 'utf8')));
  }
  let source: TrustedKeys['source'] = 'given';
  if (texts.length === 0) {
    const own = join(root, VERIFIER_KEYS);
    if (!exportListsKeys || !existsSync(own)) throw new KeyUsageError('No key to check signatures with: pass --trusted-key <verifier key> (the export has no verifier-keys.txt)');
    texts.push(...keyLines(readFileSync(own, 'utf8')));
    source = 'export';
  }
  const verifiers = texts.map((text) => {
    const parsed = parseVerifierKey(text);
    if (!parsed.ok) throw new KeyUsageError(`${source === 'export' ? VERIFIER_KEYS : 'trusted key'} ${JSON.stringify(text)}: ${parsed.error.message}`);
    return parsed.key;
  });
  if (verifiers.length === 0) throw new KeyUsageError(`${VERIFIER_KEYS} holds no key: pass --trusted-key`);
  return { verifiers, source };
}
