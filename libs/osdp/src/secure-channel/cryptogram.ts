import { aesEcbEncrypt } from './aes.js';
import type { SessionKeys } from './session-keys.js';

/** Handshake values (docs/osdp.md §A8 "Derivation"). RND.A is the CP random, RND.B the PD random. */

/** PD → CP in CCRYPT: AES(S-ENC, RND.A ‖ RND.B). */
export function clientCryptogram(keys: SessionKeys, rndA: Uint8Array, rndB: Uint8Array): Buffer {
  return aesEcbEncrypt(keys.sEnc, concat8(rndA, rndB));
}

/** CP → PD in SCRYPT: AES(S-ENC, RND.B ‖ RND.A). */
export function serverCryptogram(keys: SessionKeys, rndA: Uint8Array, rndB: Uint8Array): Buffer {
  return aesEcbEncrypt(keys.sEnc, concat8(rndB, rndA));
}

/** PD → CP in RMAC_I: AES(S-MAC2, AES(S-MAC1, server cryptogram)). Seeds the MAC chain. */
export function initialRmac(keys: SessionKeys, serverCryptogramValue: Uint8Array): Buffer {
  return aesEcbEncrypt(keys.sMac2, aesEcbEncrypt(keys.sMac1, serverCryptogramValue));
}

function concat8(first: Uint8Array, second: Uint8Array): Buffer {
  if (first.length !== 8 || second.length !== 8) throw new RangeError('RND.A and RND.B must be 8 bytes');
  return Buffer.concat([first, second]);
}
