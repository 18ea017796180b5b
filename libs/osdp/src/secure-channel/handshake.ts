import { timingSafeEqual } from 'node:crypto';
import { clientCryptogram, initialRmac, serverCryptogram } from './cryptogram.js';
import { deriveSessionKeys, type SessionKeys } from './session-keys.js';

/**
 * The four-message handshake split by side (docs/osdp.md §A8 "Handshake"):
 * CP CHLNG(RND.A) → PD CCRYPT(cUID, RND.B, client cryptogram) → CP SCRYPT(server cryptogram) → PD RMAC_I.
 * Randomness is always passed in so both sides stay deterministic under test.
 */

const equal16 = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

/** PD, on CHLNG: session keys and the CCRYPT payload. */
export function pdAnswerChallenge(
  scbk: Uint8Array,
  rndA: Uint8Array,
  rndB: Uint8Array,
): { keys: SessionKeys; clientCryptogram: Buffer } {
  const keys = deriveSessionKeys(scbk, rndA);
  return { keys, clientCryptogram: clientCryptogram(keys, rndA, rndB) };
}

export type CcryptCheck = { ok: true; keys: SessionKeys; serverCryptogram: Buffer } | { ok: false };

/** CP, on CCRYPT: authenticates the PD; on success returns the SCRYPT payload. A wrong SCBK fails here. */
export function cpVerifyCcrypt(
  scbk: Uint8Array,
  rndA: Uint8Array,
  rndB: Uint8Array,
  receivedClientCryptogram: Uint8Array,
): CcryptCheck {
  if (rndB.length !== 8) return { ok: false };
  const keys = deriveSessionKeys(scbk, rndA);
  if (!equal16(clientCryptogram(keys, rndA, rndB), receivedClientCryptogram)) return { ok: false };
  return { ok: true, keys, serverCryptogram: serverCryptogram(keys, rndA, rndB) };
}

export type ScryptCheck = { ok: true; rmacI: Buffer } | { ok: false };

/** PD, on SCRYPT: authenticates the CP; on success returns R-MAC-I for RMAC_I. */
export function pdVerifyScrypt(
  keys: SessionKeys,
  rndA: Uint8Array,
  rndB: Uint8Array,
  receivedServerCryptogram: Uint8Array,
): ScryptCheck {
  const expected = serverCryptogram(keys, rndA, rndB);
  if (!equal16(expected, receivedServerCryptogram)) return { ok: false };
  return { ok: true, rmacI: initialRmac(keys, expected) };
}

/** CP, on RMAC_I: the PD proves it derived the same MAC keys. */
export function cpVerifyRmacI(keys: SessionKeys, sentServerCryptogram: Uint8Array, receivedRmacI: Uint8Array): boolean {
  return equal16(initialRmac(keys, sentServerCryptogram), receivedRmacI);
}
