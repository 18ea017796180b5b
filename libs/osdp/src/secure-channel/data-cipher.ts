import { AES_BLOCK, aesCbcDecrypt, aesCbcEncrypt, bitwiseNot, pad80 } from './aes.js';

/**
 * Data-field encryption for SCS_17/18 (docs/osdp.md §A8 "Encryption"): always append 0x80 and zero-pad,
 * AES-128-CBC with S-ENC, IV = bitwise NOT of the chaining MAC (~R-MAC for commands, ~C-MAC for replies).
 */
export function encryptData(sEnc: Uint8Array, chainMac: Uint8Array, plaintext: Uint8Array): Buffer {
  return aesCbcEncrypt(sEnc, bitwiseNot(chainMac), pad80(plaintext, true));
}

export type DecryptResult = { ok: true; plaintext: Buffer } | { ok: false; detail: string };

/** Inverse of encryptData; the 0x80 marker is mandatory. Never throws. */
export function decryptData(sEnc: Uint8Array, chainMac: Uint8Array, ciphertext: Uint8Array): DecryptResult {
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK !== 0) {
    return { ok: false, detail: `ciphertext length ${ciphertext.length} is not a positive multiple of 16` };
  }
  const padded = aesCbcDecrypt(sEnc, bitwiseNot(chainMac), ciphertext);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0x00) end--;
  // Padding is 1…16 bytes, so the marker sits in the last block.
  if (end < padded.length - AES_BLOCK || padded[end] !== 0x80) return { ok: false, detail: 'padding marker 0x80 missing' };
  return { ok: true, plaintext: Buffer.from(padded.subarray(0, end)) };
}
