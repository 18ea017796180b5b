import { aesEcbEncrypt } from './aes.js';

/** Secure Channel Base Key used in install mode: 30 31 … 3F (docs/osdp.md §A8 "Keys"). */
export const SCBK_DEFAULT: Buffer = Buffer.from('303132333435363738393a3b3c3d3e3f', 'hex');

export interface SessionKeys {
  /** Data encryption key. */
  sEnc: Buffer;
  /** MAC key for all but the last block. */
  sMac1: Buffer;
  /** MAC key for the last block. */
  sMac2: Buffer;
}

function deriveOne(scbk: Uint8Array, prefix: number, rndA: Uint8Array): Buffer {
  const block = Buffer.alloc(16);
  block[0] = 0x01;
  block[1] = prefix;
  block.set(rndA.subarray(0, 6), 2);
  return aesEcbEncrypt(scbk, block);
}

/** S-ENC / S-MAC1 / S-MAC2 = AES(SCBK, 01 {82|01|02} RND.A[0..5] 00×8) (docs/osdp.md §A8 "Derivation"). */
export function deriveSessionKeys(scbk: Uint8Array, rndA: Uint8Array): SessionKeys {
  if (rndA.length !== 8) throw new RangeError(`RND.A must be 8 bytes, got ${rndA.length}`);
  return {
    sEnc: deriveOne(scbk, 0x82, rndA),
    sMac1: deriveOne(scbk, 0x01, rndA),
    sMac2: deriveOne(scbk, 0x02, rndA),
  };
}

/** Deprecated in v2.2 (master-key mode): SCBK = AES-ECB(MK, cUID ‖ ~cUID). */
export function deriveScbkFromMasterKey(masterKey: Uint8Array, cUid: Uint8Array): Buffer {
  if (cUid.length !== 8) throw new RangeError(`cUID must be 8 bytes, got ${cUid.length}`);
  const block = Buffer.alloc(16);
  block.set(cUid, 0);
  block.set(cUid.map((b) => ~b & 0xff), 8);
  return aesEcbEncrypt(masterKey, block);
}
