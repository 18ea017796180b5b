import { ANNEX_E_SC as V } from '../test-vectors/sia-annex-e.js';
import { aesCbcEncrypt, bitwiseNot } from './aes.js';
import { decryptData, encryptData } from './data-cipher.js';
import { computeMac } from './mac.js';
import { deriveSessionKeys } from './session-keys.js';

const keys = deriveSessionKeys(V.scbk, V.rndA);
const chain = V.rmacI;

describe(encryptData.name, () => {
  it.each([0, 1, 15, 16, 17, 31, 32])('should round-trip %i bytes, always adding padding', (length) => {
    const plaintext = Buffer.alloc(length, 0xa5);
    const ciphertext = encryptData(keys.sEnc, chain, plaintext);
    expect(ciphertext.length).toBe((Math.floor(length / 16) + 1) * 16);
    expect(decryptData(keys.sEnc, chain, ciphertext)).toEqual({ ok: true, plaintext });
  });

  it('should keep trailing zero bytes of the plaintext', () => {
    const plaintext = Buffer.from('0100', 'hex');
    expect(decryptData(keys.sEnc, chain, encryptData(keys.sEnc, chain, plaintext))).toEqual({ ok: true, plaintext });
  });
});

describe(decryptData.name, () => {
  it('should require the 0x80 marker', () => {
    const noMarker = aesCbcEncrypt(keys.sEnc, bitwiseNot(chain), Buffer.alloc(16, 0x00));
    expect(decryptData(keys.sEnc, chain, noMarker)).toMatchObject({ ok: false });
  });

  it('should reject a marker that is not in the last block', () => {
    const block = Buffer.alloc(32);
    block[0] = 0x80;
    const ciphertext = aesCbcEncrypt(keys.sEnc, bitwiseNot(chain), block);
    expect(decryptData(keys.sEnc, chain, ciphertext)).toMatchObject({ ok: false });
  });

  it.each([0, 15, 17])('should reject %i ciphertext bytes', (length) => {
    expect(decryptData(keys.sEnc, chain, Buffer.alloc(length))).toMatchObject({ ok: false });
  });
});

describe(computeMac.name, () => {
  it('should not pad a message that fills whole blocks', () => {
    const message = Buffer.alloc(32, 0x42);
    const manual = aesCbcEncrypt(keys.sMac2, aesCbcEncrypt(keys.sMac1, chain, message.subarray(0, 16)), message.subarray(16));
    expect(computeMac(keys, chain, message)).toEqual(manual);
  });

  it('should pad a short last block with 0x80 and zeros', () => {
    const message = Buffer.from('53650e000e0215 60'.replace(/\s/g, ''), 'hex');
    const padded = Buffer.concat([message, Buffer.of(0x80), Buffer.alloc(16 - message.length - 1)]);
    expect(computeMac(keys, chain, message)).toEqual(aesCbcEncrypt(keys.sMac2, chain, padded));
  });
});
