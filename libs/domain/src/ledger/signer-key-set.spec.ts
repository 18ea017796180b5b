import { generateNoteKey } from './note-keys.js';
import { parseSignerKeySet } from './signer-key-set.js';

describe('parseSignerKeySet', () => {
  const a = generateNoteKey('acs.example/log');
  const b = generateNoteKey('acs.example/log');

  it('reads the current key first and co-signing keys after it, skipping blank lines and comments', () => {
    const set = parseSignerKeySet(`# rotated 2026-11-26\n${b.signerKey}\n\n${a.signerKey}\n`, 'acs.example/log');
    expect(set.ok && set.keys.map((k) => k.verifier.verifierKey)).toEqual([b.verifierKey, a.verifierKey]);
  });

  it.each([
    ['no key at all', '# nothing\n', /no signing key/],
    ['a key twice', `${a.signerKey}\n${a.signerKey}`, /key 2 repeats/],
    ['a key of another log', generateNoteKey('other.example/log').signerKey, /named other\.example\/log, not acs\.example\/log/],
    ['a verifier key where a signer key belongs', a.verifierKey, /key 1: a signer key is PRIVATE\+KEY/],
  ])('refuses %s', (_, text, message) => {
    const set = parseSignerKeySet(text, 'acs.example/log');
    expect(set.ok).toBe(false);
    expect(!set.ok && set.error.message).toMatch(message);
  });
});
