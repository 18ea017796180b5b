import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, sameTreeHead, signCheckpoint } from './checkpoint.js';
import { generateNoteKey, parseSignerKey, type NoteSigner } from './note-keys.js';
import { signNote } from './signed-note.js';

/** Changes one base64 character (keeping the encoding canonical away from the padding). */
function flipBase64Char(text: string, at: number): string {
  return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

const ORIGIN = 'acs.example.jp/access-log/main';
const ROOT = createHash('sha256').update('root').digest();
const ROOT64 = ROOT.toString('base64');

function newSigner(name = ORIGIN): NoteSigner {
  const r = parseSignerKey(generateNoteKey(name).signerKey);
  if (!r.ok) throw new Error(r.error.message);
  return r.key;
}
const logKey = newSigner();
const otherKey = newSigner();
const trusted = [logKey.verifier];

describe(formatCheckpoint.name, () => {
  it('writes origin, size and base64 root, one per line', () => {
    expect(formatCheckpoint({ origin: ORIGIN, size: 20852163, rootHash: ROOT })).toBe(`${ORIGIN}\n20852163\n${ROOT64}\n`);
  });

  it('appends extension lines', () => {
    expect(formatCheckpoint({ origin: ORIGIN, size: 0, rootHash: ROOT, extensions: ['ext one', 'x'] })).toBe(`${ORIGIN}\n0\n${ROOT64}\next one\nx\n`);
  });

  it.each([
    ['an empty origin', { origin: '', size: 1, rootHash: ROOT }],
    ['a two-line origin', { origin: 'a\nb', size: 1, rootHash: ROOT }],
    ['a negative size', { origin: ORIGIN, size: -1, rootHash: ROOT }],
    ['a fractional size', { origin: ORIGIN, size: 1.5, rootHash: ROOT }],
    ['a short root', { origin: ORIGIN, size: 1, rootHash: ROOT.subarray(1) }],
    ['an empty extension line', { origin: ORIGIN, size: 1, rootHash: ROOT, extensions: [''] }],
    ['a control character', { origin: 'a\tb', size: 1, rootHash: ROOT }],
  ])('refuses %s', (_name, checkpoint) => {
    expect(() => formatCheckpoint(checkpoint)).toThrow(RangeError);
  });
});

describe(parseCheckpoint.name, () => {
  it('parses the C2SP example body', () => {
    const r = parseCheckpoint('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(r.checkpoint.size).toBe(20852163);
    expect(r.checkpoint.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(r.checkpoint.extensions).toEqual([]);
  });

  it('round-trips with extensions', () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 7, rootHash: ROOT, extensions: ['e'] });
    const r = parseCheckpoint(text);
    expect(r.ok && formatCheckpoint(r.checkpoint)).toBe(text);
  });

  it.each([
    ['no final newline', `${ORIGIN}\n1\n${ROOT64}`],
    ['two lines', `${ORIGIN}\n1\n`],
    ['an empty origin', `\n1\n${ROOT64}\n`],
    ['a leading zero', `${ORIGIN}\n01\n${ROOT64}\n`],
    ['a signed size', `${ORIGIN}\n+1\n${ROOT64}\n`],
    ['a size with a space', `${ORIGIN}\n1 \n${ROOT64}\n`],
    ['a size past 2^53', `${ORIGIN}\n9007199254740993\n${ROOT64}\n`],
    ['a hex size', `${ORIGIN}\n0x10\n${ROOT64}\n`],
    ['a short root', `${ORIGIN}\n1\n${ROOT.subarray(1).toString('base64')}\n`],
    ['a base64url root', `${ORIGIN}\n1\n${ROOT.toString('base64url')}\n`],
    ['an unpadded root', `${ORIGIN}\n1\n${ROOT64.replace(/=+$/, '')}\n`],
    ['an empty extension line', `${ORIGIN}\n1\n${ROOT64}\n\nx\n`],
  ])('rejects %s without throwing', (_name, text) => {
    expect(parseCheckpoint(text)).toMatchObject({ ok: false, error: { code: 'malformed-checkpoint' } });
  });
});

describe(openCheckpoint.name, () => {
  const checkpoint = { origin: ORIGIN, size: 1234, rootHash: ROOT };
  const note = signCheckpoint(checkpoint, [logKey]);

  it('opens a checkpoint signed by the log key', () => {
    const r = openCheckpoint(note, trusted, { origin: ORIGIN });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(sameTreeHead(r.checkpoint, { ...checkpoint, rootHash: ROOT, extensions: [] })).toBe(true);
    expect(r.verifiedBy).toEqual(trusted);
  });

  it('signs with several keys (rotation) and verifies with either', () => {
    const both = signCheckpoint(checkpoint, [logKey, otherKey]);
    expect(openCheckpoint(both, [otherKey.verifier]).ok).toBe(true);
    expect(openCheckpoint(both, trusted)).toMatchObject({ ok: true, unverified: [{ name: ORIGIN, keyId: otherKey.keyId }] });
  });

  const [body, sig] = note.split('\n\n') as [string, string];
  const lines = body.split('\n');
  const withLines = (...replaced: string[]): string => `${replaced.join('\n')}\n\n${sig}`;
  const otherRoot = createHash('sha256').update('other').digest('base64');

  it.each<[string, string, string]>([
    ['a changed size', withLines(lines[0]!, '1235', lines[2]!), 'invalid-signature'],
    ['a changed root', withLines(lines[0]!, lines[1]!, otherRoot), 'invalid-signature'],
    ['a changed origin', withLines('acs.example.jp/access-log/other', lines[1]!, lines[2]!), 'invalid-signature'],
    ['an extra line', withLines(...lines, 'extra'), 'invalid-signature'],
    ['a missing line', withLines(lines[0]!, lines[1]!), 'invalid-signature'],
    ['a changed signature byte', `${body}\n\n${flipBase64Char(sig, sig.length - 20)}`, 'invalid-signature'],
    ['a changed key ID', `${body}\n\n${flipBase64Char(sig, sig.indexOf(' ', 2) + 2)}`, 'no-verified-signature'],
    ['the signature removed', `${body}\n\n`, 'malformed-note'],
    ['a signature by an untrusted key', signCheckpoint(checkpoint, [otherKey]), 'no-verified-signature'],
    ['an untrusted key named like ours', signCheckpoint(checkpoint, [newSigner(ORIGIN)]), 'no-verified-signature'],
  ])('rejects a checkpoint with %s', (_name, tampered, code) => {
    expect(openCheckpoint(tampered, trusted)).toMatchObject({ ok: false, error: { code } });
  });

  it('rejects a validly signed checkpoint for another origin when the origin is pinned', () => {
    const foreign = signCheckpoint({ ...checkpoint, origin: 'elsewhere/log' }, [logKey]);
    expect(openCheckpoint(foreign, trusted).ok).toBe(true);
    expect(openCheckpoint(foreign, trusted, { origin: ORIGIN })).toMatchObject({ ok: false, error: { code: 'origin-mismatch' } });
  });

  it('rejects a validly signed note whose text is not a checkpoint', () => {
    const twoLines = signNote(`${ORIGIN}\n1234\n`, [logKey]);
    expect(openCheckpoint(twoLines, trusted)).toMatchObject({ ok: false, error: { code: 'malformed-checkpoint' } });
  });

  it('never throws on junk', () => {
    for (const junk of ['', '\n\n', '— x y\n', Buffer.from([0xff, 0xfe]), 'a\n\n— a AAAAAAA=\n', 'x'.repeat(2_000_000)]) {
      expect(openCheckpoint(junk, trusted).ok).toBe(false);
    }
  });
});
