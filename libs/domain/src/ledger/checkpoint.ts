import { Buffer } from 'node:buffer';
import { HASH_SIZE, isHash } from './hash.js';
import { type NoteSigner, type NoteVerifier, decodeBase64Strict } from './note-keys.js';
import { type NoteError, type NoteSignature, isValidNoteText, openNote, signNote } from './signed-note.js';

/*
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint) note text:
 *   <origin>\n<decimal tree size>\n<base64 root hash>\n[<extension line>\n]...
 * The size has no leading zeros ("0" for the empty tree); the root is the RFC 6962 MTH, standard base64.
 */

export interface Checkpoint {
  /** Unique identity of the log, e.g. "acs.example.jp/access-log/main". Non-empty, one line. */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** Optional opaque non-empty lines after the root (not recommended by the spec; kept verbatim). */
  readonly extensions: readonly string[];
}

/** What formatCheckpoint and signCheckpoint take: a Checkpoint, with any Uint8Array root and optional extensions. */
export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

export type CheckpointErrorCode = 'malformed-checkpoint' | 'origin-mismatch' | NoteError['code'];

export interface CheckpointError {
  readonly code: CheckpointErrorCode;
  readonly message: string;
  /** From the note layer, when the signature check failed. */
  readonly note?: NoteError;
}

export type ParseCheckpointResult =
  | { readonly ok: true; readonly checkpoint: Checkpoint }
  | { readonly ok: false; readonly error: CheckpointError };

export interface OpenedCheckpoint {
  readonly ok: true;
  readonly checkpoint: Checkpoint;
  /** The trusted keys whose signatures verified. */
  readonly verifiedBy: readonly NoteVerifier[];
  /** Signatures from untrusted keys (ignored). */
  readonly unverified: readonly NoteSignature[];
}

export type OpenCheckpointResult = OpenedCheckpoint | { readonly ok: false; readonly error: CheckpointError };

/** The checkpoint's note text. Throws RangeError for a checkpoint that cannot be written (a programming error). */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, rootHash } = checkpoint;
  const extensions = checkpoint.extensions ?? [];
  if (!isLine(origin)) throw new RangeError('checkpoint origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`checkpoint size ${size} is not a tree size`);
  if (!isHash(rootHash)) throw new RangeError('checkpoint root must be a 32-byte hash');
  if (!extensions.every(isLine)) throw new RangeError('checkpoint extension lines must be non-empty single lines');
  const text = [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions].join('\n') + '\n';
  if (!isValidNoteText(text)) throw new RangeError('checkpoint contains control characters or lone surrogates');
  return text;
}

/** Parses checkpoint note text (already taken out of its signed note); never throws. */
export function parseCheckpoint(text: string): ParseCheckpointResult {
  if (typeof text !== 'string' || !text.endsWith('\n')) return malformed('checkpoint text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return malformed('a checkpoint has at least three lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) return malformed('empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) return malformed(`tree size ${JSON.stringify(sizeText.slice(0, 30))} is not a decimal without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return malformed(`tree size ${sizeText} is beyond 2^53 - 1`);
  const rootHash = decodeBase64Strict(rootText);
  if (!rootHash || rootHash.length !== HASH_SIZE) return malformed('root hash is not base64 of 32 bytes');
  if (extensions.some((line) => line.length === 0)) return malformed('empty extension line');
  return { ok: true, checkpoint: { origin, size, rootHash, extensions } };
}

/** Formats and signs a checkpoint: the signed-note text to store and publish. */
export function signCheckpoint(checkpoint: CheckpointInput, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Verifies a signed checkpoint against trusted keys and parses it; never throws. With `origin`, a checkpoint
 * for another log is rejected even if a trusted key signed it.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  trusted: readonly NoteVerifier[],
  options: { origin?: string } = {},
): OpenCheckpointResult {
  const opened = openNote(note, trusted);
  if (!opened.ok) return { ok: false, error: { code: opened.error.code, message: opened.error.message, note: opened.error } };
  const parsed = parseCheckpoint(opened.text);
  if (!parsed.ok) return parsed;
  if (options.origin !== undefined && parsed.checkpoint.origin !== options.origin) {
    return { ok: false, error: { code: 'origin-mismatch', message: `checkpoint is for ${JSON.stringify(parsed.checkpoint.origin)}, not ${JSON.stringify(options.origin)}` } };
  }
  return { ok: true, checkpoint: parsed.checkpoint, verifiedBy: opened.verifiedBy, unverified: opened.unverified };
}

/** True when two checkpoints state the same tree (origin, size and root). */
export function sameTreeHead(a: Checkpoint, b: Checkpoint): boolean {
  return a.origin === b.origin && a.size === b.size && Buffer.compare(a.rootHash, b.rootHash) === 0;
}

function isLine(value: string): boolean {
  return typeof value === 'string' && value.length > 0 && !value.includes('\n');
}

function malformed(message: string): { ok: false; error: CheckpointError } {
  return { ok: false, error: { code: 'malformed-checkpoint', message } };
}
