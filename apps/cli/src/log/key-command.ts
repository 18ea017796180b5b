import { generateNoteKey, parseSignerKeySet, type NoteSigner } from '#domain';
import { existsSync } from 'node:fs';
import { logKeyLocation, readLogKeys, writeLogKeys } from '../../../api/src/modules/access-log/log-key-store.js';

/** A refusal that changes nothing (exit 2). */
export class KeyCommandError extends Error {}

export type KeyAction = 'show' | 'generate' | 'rotate' | 'retire';

/**
 * `acs log key show|generate|rotate|retire`: the Ed25519 keys that sign the access log's checkpoints.
 * Rotation overlaps: `rotate` puts a new key first and keeps the old one co-signing, so every checkpoint
 * in between carries both signatures and an auditor who trusts the old key sees the new one endorsed by it;
 * `retire` then drops every key but the current one. A running api picks the rewritten file up at its next
 * checkpoint. Only verifier keys are printed, except with `generate --print` (for a secret store).
 */
export async function keyCommand(action: KeyAction, o: { print?: boolean }, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<number> {
  const at = logKeyLocation(env);
  const origin = env.ACS_LOG_ORIGIN || 'acs.localhost/access-log';
  const found = await readLogKeys(at);
  const current = found ? parsed(found.text, origin, found.from) : [];

  switch (action) {
    case 'show': {
      if (!found) {
        say(`No signing key yet (${at.file}): the api generates one on first start, or run \`log key generate\`.`);
        return 0;
      }
      say(`署名鍵 / Access-log signing keys (${found.from}):`);
      current.forEach((k, i) => say(`  ${i === 0 ? 'current   ' : 'co-signing'}  ${k.verifier.verifierKey}`));
      return 0;
    }
    case 'generate': {
      const fresh = generateNoteKey(origin);
      if (o.print) {
        say(fresh.signerKey);
        say(`# verifier key (publish): ${fresh.verifierKey}`);
        return 0;
      }
      if (at.envText) throw new KeyCommandError('The keys come from ACS_LOG_SIGNING_KEY: use `log key generate --print` and store the key in your secret store.');
      if (existsSync(at.file)) throw new KeyCommandError(`${at.file} already holds a key: use \`log key rotate\` to replace it.`);
      await writeLogKeys(at.file, [fresh.signerKey]);
      say(`Generated ${at.file} (mode 600). Publish the verifier key / 検証鍵を公開してください:`);
      say(`  ${fresh.verifierKey}`);
      return 0;
    }
    case 'rotate': {
      if (at.envText) throw new KeyCommandError('The keys come from ACS_LOG_SIGNING_KEY: run `log key generate --print`, put the new key first and the old one after it in your secret store, restart the api; later remove the old one.');
      if (!found) throw new KeyCommandError(`No key to rotate in ${at.file}: use \`log key generate\`.`);
      const fresh = generateNoteKey(origin);
      await writeLogKeys(at.file, [fresh.signerKey, ...found.text.split(/\s+/).filter((l) => l.startsWith('PRIVATE+KEY+'))]);
      say(`鍵を更新しました / Rotated the access-log signing key in ${at.file}.`);
      say(`  new (current)  ${fresh.verifierKey}`);
      for (const k of current) say(`  co-signing     ${k.verifier.verifierKey}`);
      say('From the next checkpoint both sign. Publish the new verifier key; once auditors trust it, run `log key retire`.');
      return 0;
    }
    case 'retire': {
      if (at.envText) throw new KeyCommandError('The keys come from ACS_LOG_SIGNING_KEY: remove the old keys from your secret store and restart the api.');
      if (!found) throw new KeyCommandError(`No key in ${at.file}.`);
      if (current.length === 1) {
        say('Nothing to retire: only the current key signs.');
        return 0;
      }
      const keep = found.text.split(/\s+/).find((l) => l.startsWith('PRIVATE+KEY+'))!;
      await writeLogKeys(at.file, [keep]);
      say(`Retired / 廃止: ${current.slice(1).map((k) => k.verifier.verifierKey).join(', ')}`);
      say(`  current  ${current[0]!.verifier.verifierKey}`);
      say('Exports still carry the retired keys (recorded with the checkpoints they signed).');
      return 0;
    }
  }
}

function parsed(text: string, origin: string, from: string): readonly NoteSigner[] {
  const set = parseSignerKeySet(text, origin);
  if (!set.ok) throw new KeyCommandError(`The signing keys in ${from} are not usable: ${set.error.message}`);
  return set.keys;
}
