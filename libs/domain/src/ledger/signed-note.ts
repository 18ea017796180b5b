import { Buffer, isUtf8 } from 'node:buffer';
import { isWellFormedString } from './unicode.js';
import { type NoteSigner, type NoteVerifier, decodeBase64Strict, hex8, isValidKeyName } from './note-keys.js';

/*
 * C2SP signed notes (c2sp.org/signed-note): text ending in a newline, a blank line, then signature lines
 *   — <key name> <base64(4-byte key ID ‖ signature)>
 * The text is everything up to and including the newline before the last blank line. Opening follows Go's
 * golang.org/x/mod/sumdb/note: unknown keys are listed but ignored, a known key whose signature fails
 * rejects the whole note, and a note with no verified signature from a known key is rejected.
 */

const EM_DASH_PREFIX = '\u2014 ';
/** Go's limit; the spec asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
/** Generous bound on a note's size, so hostile input cannot make us parse megabytes. */
export const MAX_NOTE_BYTES = 1 << 20;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(key ID ‖ signature) exactly as it appears in the note. */
  readonly base64: string;
}

export type NoteErrorCode = 'malformed-note' | 'invalid-signature' | 'no-verified-signature' | 'ambiguous-key';

export interface NoteError {
  readonly code: NoteErrorCode;
  readonly message: string;
  /** For invalid-signature and ambiguous-key: the key concerned, as name+hexid. */
  readonly key?: string;
  /** For no-verified-signature: the signatures that were present but not from a trusted key. */
  readonly unverified?: readonly NoteSignature[];
}

export interface OpenedNote {
  readonly ok: true;
  /** The signed text, including its final newline. Only trust it because `verifiedBy` is non-empty. */
  readonly text: string;
  /** The trusted keys whose signatures verified, in signature order. */
  readonly verifiedBy: readonly NoteVerifier[];
  readonly signatures: readonly NoteSignature[];
  /** Signatures from keys not in the trusted list (e.g. witnesses, a rotated-out key). */
  readonly unverified: readonly NoteSignature[];
}

export type OpenNoteResult = OpenedNote | { readonly ok: false; readonly error: NoteError };

/** Checks text is a valid note text: non-empty, newline-terminated, well-formed, no control characters but \n. */
export function isValidNoteText(text: string): boolean {
  return typeof text === 'string' && text.endsWith('\n') && isWellFormedString(text) && !/[\u0000-\u0009\u000b-\u001f]/.test(text);
}

/** Signs `text` with every signer, in order. Throws RangeError for an invalid text (a programming error). */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!isValidNoteText(text)) throw new RangeError('note text must be non-empty, end in a newline and contain no control characters');
  if (signers.length === 0) throw new RangeError('a signed note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(signer.keyId);
    return `${EM_DASH_PREFIX}${signer.name} ${Buffer.concat([keyId, signer.sign(message)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Parses a note and verifies its signatures against the trusted keys; never throws. */
export function openNote(note: string | Uint8Array, trusted: readonly NoteVerifier[]): OpenNoteResult {
  const msg = asText(note);
  if (msg === undefined || !isValidNoteText(msg)) return malformed('not UTF-8 text ending in a newline without control characters');
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) return malformed('no blank line before the signatures');
  const text = msg.slice(0, split + 1);
  const sigLines = msg.slice(split + 2).split('\n').slice(0, -1);
  if (sigLines.length === 0) return malformed('no signatures');
  if (sigLines.length > MAX_NOTE_SIGNATURES) return malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);

  const message = Buffer.from(text, 'utf8');
  const verifiedBy: NoteVerifier[] = [];
  const signatures: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKnown = new Set<string>();
  const seenUnknown = new Set<string>();
  for (const line of sigLines) {
    const parsed = parseSignatureLine(line);
    if (!parsed) return malformed(`malformed signature line ${JSON.stringify(line.slice(0, 80))}`);
    const { signature, bytes } = parsed;
    const keyLabel = `${signature.name}+${hex8(signature.keyId)}`;
    const candidates = distinct(trusted.filter((v) => v.name === signature.name && v.keyId === signature.keyId));
    if (candidates.length === 0) {
      if (!seenUnknown.has(line)) {
        seenUnknown.add(line);
        unverified.push(signature);
      }
      continue;
    }
    if (candidates.length > 1) return { ok: false, error: { code: 'ambiguous-key', message: `ambiguous key ${keyLabel}`, key: keyLabel } };
    if (seenKnown.has(keyLabel)) continue; // a repeated signature by one key counts once
    seenKnown.add(keyLabel);
    const verifier = candidates[0]!;
    if (!verifier.verify(message, bytes.subarray(4))) {
      return { ok: false, error: { code: 'invalid-signature', message: `invalid signature for key ${keyLabel}`, key: keyLabel } };
    }
    verifiedBy.push(verifier);
    signatures.push(signature);
  }
  if (verifiedBy.length === 0) {
    return { ok: false, error: { code: 'no-verified-signature', message: 'note has no verifiable signatures', unverified } };
  }
  return { ok: true, text, verifiedBy, signatures, unverified };
}

function parseSignatureLine(line: string): { signature: NoteSignature; bytes: Buffer } | undefined {
  if (!line.startsWith(EM_DASH_PREFIX)) return undefined;
  const rest = line.slice(EM_DASH_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  const bytes = decodeBase64Strict(base64);
  if (!isValidKeyName(name) || !bytes || bytes.length < 5) return undefined;
  return { signature: { name, keyId: bytes.readUInt32BE(0), base64 }, bytes };
}

function asText(note: string | Uint8Array): string | undefined {
  if (typeof note === 'string') return note.length <= MAX_NOTE_BYTES ? note : undefined;
  if (!(note instanceof Uint8Array) || note.length > MAX_NOTE_BYTES || !isUtf8(note)) return undefined;
  return Buffer.from(note.buffer, note.byteOffset, note.byteLength).toString('utf8');
}

/** The same key listed twice is one key; two different keys under one name and ID are ambiguous. */
function distinct(verifiers: NoteVerifier[]): NoteVerifier[] {
  return verifiers.filter((v, i) => verifiers.findIndex((w) => Buffer.compare(w.publicKey, v.publicKey) === 0) === i);
}

function malformed(message: string): { ok: false; error: NoteError } {
  return { ok: false, error: { code: 'malformed-note', message } };
}
