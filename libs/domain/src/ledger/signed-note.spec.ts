import { Buffer } from 'node:buffer';
import { createPublicKey, verify } from 'node:crypto';
import {
  formatSignerKey,
  generateNoteKey,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
} from './note-keys.js';
import { openNote, signNote } from './signed-note.js';

// The example key pair and note from Go's golang.org/x/mod/sumdb/note tests (used here as data).
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

function mustVerifier(text: string): NoteVerifier {
  const r = parseVerifierKey(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.key;
}
function mustSigner(text: string): NoteSigner {
  const r = parseSignerKey(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.key;
}

const peter = mustVerifier(PETER_VKEY);
const enoch = mustVerifier(ENOCH_VKEY);

describe('note keys', () => {
  it('parses the Go reference keys and derives the same key ID and public key', () => {
    const signer = mustSigner(PETER_SKEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(peter.keyId).toBe(0xc74f20a3);
    expect(signer.verifier.verifierKey).toBe(PETER_VKEY);
    expect(noteKeyId('PeterNeumann', peter.publicKey)).toBe(0xc74f20a3);
  });

  it('generates keys whose strings parse back and agree', () => {
    const { signerKey, verifierKey } = generateNoteKey('acs.example.jp/access-log');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+acs\.example\.jp\/access-log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const signer = mustSigner(signerKey);
    expect(signer.verifier.verifierKey).toBe(verifierKey);
    expect(mustVerifier(verifierKey).keyId).toBe(signer.keyId);
  });

  it('signs with plain Ed25519, as node:crypto verifies it', () => {
    const signer = mustSigner(generateNoteKey('k').signerKey);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), signer.verifier.publicKey]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const sig = signer.sign(Buffer.from('hi'));
    expect(verify(null, Buffer.from('hi'), key, sig)).toBe(true);
    expect(signer.verifier.verify(Buffer.from('hi'), sig)).toBe(true);
    expect(signer.verifier.verify(Buffer.from('ho'), sig)).toBe(false);
    expect(signer.verifier.verify(Buffer.from('hi'), sig.subarray(1))).toBe(false);
  });

  it('rejects every truncation and every single-character change of the reference keys (as Go does)', () => {
    const accepted: string[] = [];
    for (const [key, parse] of [
      [PETER_VKEY, parseVerifierKey],
      [PETER_SKEY, parseSignerKey],
    ] as const) {
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if ((i !== 0 || j !== key.length) && parse(key.slice(i, j)).ok) accepted.push(key.slice(i, j));
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        if (parse(changed).ok) accepted.push(changed);
      }
    }
    expect(accepted).toEqual([]);
  });

  it.each([
    ['wrong length key, with adjusted key ID', 'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='],
    ['unknown algorithm, with adjusted key ID', 'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['upper-case key ID', 'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['not a string', 42 as unknown as string],
  ])('rejects a verifier key with %s', (_name, key) => {
    expect(parseVerifierKey(key).ok).toBe(false);
  });

  it('reports a key ID that does not match the key', () => {
    expect(parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toMatchObject({ ok: false, error: { code: 'key-id-mismatch' } });
  });

  it('formats a signer key from a raw seed', () => {
    const seed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
    expect(formatSignerKey('PeterNeumann', seed)).toBe(PETER_SKEY);
  });
});

describe(signNote.name, () => {
  it('reproduces the Go reference signed note byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(TEXT, [mustSigner(PETER_SKEY)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it.each([
    ['no final newline', 'abc'],
    ['empty text', ''],
    ['a control character', 'a\u0001b\n'],
    ['a lone surrogate', 'a\ud800\n'],
  ])('refuses to sign text with %s', (_name, text) => {
    expect(() => signNote(text, [mustSigner(PETER_SKEY)])).toThrow(RangeError);
  });
});

describe(openNote.name, () => {
  it('verifies one trusted signature and lists the unknown one', () => {
    const r = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe(TEXT);
    expect(r.verifiedBy).toEqual([peter]);
    expect(r.signatures.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(r.unverified).toEqual([{ name: 'EnochRoot', keyId: 0xaf0cfe78, base64: ENOCH_SIG.slice(12, -1) }]);
  });

  it('verifies both when both keys are trusted, and accepts bytes', () => {
    const r = openNote(Buffer.from(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`), [peter, enoch]);
    expect(r.ok && r.verifiedBy).toEqual([peter, enoch]);
  });

  it('rejects a note without any trusted signature, listing what it had', () => {
    const r = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []);
    expect(r).toMatchObject({ ok: false, error: { code: 'no-verified-signature' } });
    expect(!r.ok && r.error.unverified?.length).toBe(2);
  });

  it('rejects the whole note when a trusted key’s signature fails', () => {
    const bad = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(openNote(`${TEXT}\n${bad}`, [peter])).toMatchObject({ ok: false, error: { code: 'invalid-signature', key: 'PeterNeumann+c74f20a3' } });
  });

  it('counts repeated signatures once and drops repeated unknown ones (Go semantics)', () => {
    const enochAbcd = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const r = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochAbcd}`, [peter]);
    expect(r.ok && r.verifiedBy.length).toBe(1);
    expect(r.ok && r.unverified.length).toBe(2);
  });

  it('treats two different keys with one name and ID as ambiguous, but a key listed twice as one', () => {
    const impostor = { ...enoch, publicKey: peter.publicKey };
    expect(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, impostor])).toMatchObject({ ok: false, error: { code: 'ambiguous-key' } });
    expect(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]).ok).toBe(true);
  });

  it.each([
    ['text only', TEXT],
    ['text and a blank line', `${TEXT}\n`],
    ['no final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\u0001${TEXT}\n${PETER_SIG}`],
    ['a key name with a space', `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line after the signatures', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['a hyphen instead of the em dash', `${TEXT}\n- ${PETER_SIG.slice(2)}`],
    ['101 signatures', `${TEXT}\n${PETER_SIG.repeat(101)}`],
    ['a signature too short for a key ID', `${TEXT}\n— PeterNeumann AAAA\n`],
    ['non-canonical base64', `${TEXT}\n${PETER_SIG.replace('M=', 'N=')}`],
  ])('rejects a malformed note: %s', (_name, note) => {
    expect(openNote(note, [peter])).toMatchObject({ ok: false, error: { code: 'malformed-note' } });
  });

  it('rejects invalid UTF-8 bytes', () => {
    expect(openNote(Buffer.concat([Buffer.of(0xff), Buffer.from(`${TEXT}\n${PETER_SIG}`)]), [peter])).toMatchObject({ ok: false, error: { code: 'malformed-note' } });
  });

  it('accepts text containing blank lines: the last blank line separates the signatures', () => {
    const signer = mustSigner(PETER_SKEY);
    const text = 'first\n\nthird\n\n';
    const r = openNote(signNote(text, [signer]), [peter]);
    expect(r.ok && r.text).toBe(text);
  });
});
