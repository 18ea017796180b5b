import { AES_BLOCK, aesCbcEncrypt, pad80 } from './aes.js';
import type { SessionKeys } from './session-keys.js';

/**
 * OSDP CBC-MAC (docs/osdp.md §A8 "MAC chaining"): pad with 0x80 only when the last block is short,
 * CBC with S-MAC1 over blocks 1…N−1, S-MAC2 on block N. `iv` is the previous MAC in the other
 * direction (R-MAC for commands, C-MAC for replies). Returns all 16 bytes; the wire carries 4.
 */
export function computeMac(keys: SessionKeys, iv: Uint8Array, message: Uint8Array): Buffer {
  const padded = pad80(message, false);
  if (padded.length === 0) throw new RangeError('MAC input must not be empty');
  let chain: Buffer = Buffer.from(iv);
  if (padded.length > AES_BLOCK) {
    const head = aesCbcEncrypt(keys.sMac1, chain, padded.subarray(0, padded.length - AES_BLOCK));
    chain = head.subarray(head.length - AES_BLOCK);
  }
  return aesCbcEncrypt(keys.sMac2, chain, padded.subarray(padded.length - AES_BLOCK));
}
