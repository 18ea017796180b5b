import { Buffer } from 'node:buffer';
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { sha256 } from './hash.js';

/*
 * Ed25519 keys for C2SP signed notes (c2sp.org/signed-note), in the text formats Go's
 * golang.org/x/mod/sumdb/note uses, so keys and notes interoperate with that ecosystem:
 *   verifier key: <name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte public key)>
 *   signer key:   PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte seed)>
 * key ID = first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
 */

/** Signature type byte for Ed25519 in signed notes. */
export const ED25519_SIGNATURE_TYPE = 0x01;

// DER wrappers around raw Ed25519 keys (RFC 8410), so node:crypto can import a bare seed or public key.
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteVerifier {
  readonly name: string;
  /** uint32 key ID. */
  readonly keyId: number;
  readonly publicKey: Buffer;
  /** The verifier key string, safe to publish. */
  readonly verifierKey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly verifier: NoteVerifier;
  sign(message: Uint8Array): Buffer;
}

export interface KeyError {
  readonly code: 'malformed-key' | 'key-id-mismatch';
  readonly message: string;
}

export type KeyResult<T> = { readonly ok: true; readonly key: T } | { readonly ok: false; readonly error: KeyError };

/** Key names must be non-empty, without Unicode spaces or '+'. Schema-less URLs are recommended. */
export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && !/[\s\u0085+]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

export function noteKeyId(name: string, publicKey: Uint8Array): number {
  const digest = sha256(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.of(0x0a, ED25519_SIGNATURE_TYPE), publicKey]));
  return digest.readUInt32BE(0);
}

/** A fresh Ed25519 key pair for `name`, as the two key strings. Keep signerKey secret; publish verifierKey. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new RangeError(`invalid key name ${JSON.stringify(name)}`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_SEED_PREFIX.length);
  const signer = signerFromSeed(name, seed);
  return { signerKey: formatSignerKey(name, seed), verifierKey: signer.verifier.verifierKey };
}

export function formatSignerKey(name: string, seed: Uint8Array): string {
  const publicKey = publicKeyOf(privateKeyFromSeed(seed));
  return `PRIVATE+KEY+${name}+${hex8(noteKeyId(name, publicKey))}+${typed(seed)}`;
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${hex8(noteKeyId(name, publicKey))}+${typed(publicKey)}`;
}

/** Parses a verifier key string; never throws. */
export function parseVerifierKey(text: string): KeyResult<NoteVerifier> {
  const parts = cut(typeof text === 'string' ? text : '', 3);
  if (!parts) return malformed('a verifier key is <name>+<key id>+<base64 key>');
  const [name, id, key64] = parts;
  const raw = decodeTypedKey(key64);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || !raw) return malformed('malformed verifier key');
  const verifier = verifierFromPublicKey(name, raw);
  if (verifier === undefined) return malformed('not an Ed25519 public key');
  if (hex8(verifier.keyId) !== id) return { ok: false, error: { code: 'key-id-mismatch', message: `key ID ${id} does not match the key` } };
  return { ok: true, key: verifier };
}

/** Parses a signer key string; never throws. */
export function parseSignerKey(text: string): KeyResult<NoteSigner> {
  const parts = cut(typeof text === 'string' ? text : '', 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') return malformed('a signer key is PRIVATE+KEY+<name>+<key id>+<base64 seed>');
  const [, , name, id, key64] = parts;
  const seed = decodeTypedKey(key64);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || !seed) return malformed('malformed signer key');
  const signer = signerFromSeed(name, seed);
  if (hex8(signer.keyId) !== id) return { ok: false, error: { code: 'key-id-mismatch', message: `key ID ${id} does not match the key` } };
  return { ok: true, key: signer };
}

function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  const privateKey = privateKeyFromSeed(seed);
  const verifier = verifierFromPublicKey(name, publicKeyOf(privateKey))!;
  return {
    name,
    keyId: verifier.keyId,
    verifier,
    sign: (message) => sign(null, message, privateKey),
  };
}

function verifierFromPublicKey(name: string, publicKey: Buffer): NoteVerifier | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  } catch {
    return undefined; // not a point on the curve
  }
  return {
    name,
    keyId: noteKeyId(name, publicKey),
    publicKey,
    verifierKey: formatVerifierKey(name, publicKey),
    verify: (message, signature) => {
      try {
        return signature.length === 64 && verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyOf(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** base64(0x01 ‖ 32 bytes) → the 32 bytes, or undefined unless it is exactly that, canonically encoded. */
function decodeTypedKey(text: string): Buffer | undefined {
  const bytes = decodeBase64Strict(text);
  if (!bytes || bytes.length !== 33 || bytes[0] !== ED25519_SIGNATURE_TYPE) return undefined;
  return bytes.subarray(1);
}

/** Standard base64 with padding, rejecting anything Buffer's lenient decoder would silently skip. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

function typed(key: Uint8Array): string {
  return Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), key]).toString('base64');
}

export function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

/** Splits at the first n-1 '+' signs (base64 may itself contain '+'), like Go's repeated strings.Cut. */
function cut(text: string, n: number): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < n - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

function malformed(message: string): { ok: false; error: KeyError } {
  return { ok: false, error: { code: 'malformed-key', message } };
}
