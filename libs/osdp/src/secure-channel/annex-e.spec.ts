import { ANNEX_E_SC as V } from '../test-vectors/sia-annex-e.js';
import { clientCryptogram, initialRmac, serverCryptogram } from './cryptogram.js';
import { cpVerifyCcrypt, cpVerifyRmacI, pdAnswerChallenge, pdVerifyScrypt } from './handshake.js';
import { deriveScbkFromMasterKey, deriveSessionKeys, SCBK_DEFAULT } from './session-keys.js';
import { aesEcbDecrypt } from './aes.js';

describe('SIA Annex E secure channel vectors', () => {
  const keys = deriveSessionKeys(V.scbk, V.rndA);

  it('should use 30…3F as SCBK-D', () => {
    expect(SCBK_DEFAULT).toEqual(V.scbk);
  });

  describe(deriveSessionKeys.name, () => {
    it('should derive S-ENC, S-MAC1 and S-MAC2', () => {
      expect(keys).toEqual({ sEnc: V.sEnc, sMac1: V.sMac1, sMac2: V.sMac2 });
    });

    it('should reject a short RND.A', () => {
      expect(() => deriveSessionKeys(V.scbk, V.rndA.subarray(0, 7))).toThrow(RangeError);
    });
  });

  describe('cryptograms', () => {
    it('should compute the client cryptogram', () => {
      expect(clientCryptogram(keys, V.rndA, V.rndB)).toEqual(V.clientCryptogram);
    });

    it('should compute the server cryptogram', () => {
      expect(serverCryptogram(keys, V.rndA, V.rndB)).toEqual(V.serverCryptogram);
    });

    it('should compute R-MAC-I', () => {
      expect(initialRmac(keys, V.serverCryptogram)).toEqual(V.rmacI);
    });
  });

  describe('handshake', () => {
    it('should complete with the vector values on both sides', () => {
      const pd = pdAnswerChallenge(V.scbk, V.rndA, V.rndB);
      expect(pd.clientCryptogram).toEqual(V.clientCryptogram);
      const cp = cpVerifyCcrypt(V.scbk, V.rndA, V.rndB, pd.clientCryptogram);
      expect(cp).toEqual({ ok: true, keys, serverCryptogram: V.serverCryptogram });
      expect(pdVerifyScrypt(pd.keys, V.rndA, V.rndB, V.serverCryptogram)).toEqual({ ok: true, rmacI: V.rmacI });
      expect(cpVerifyRmacI(keys, V.serverCryptogram, V.rmacI)).toBe(true);
    });

    it('should fail at CCRYPT when the CP has another SCBK', () => {
      const otherKey = Buffer.alloc(16, 0x11);
      expect(cpVerifyCcrypt(otherKey, V.rndA, V.rndB, V.clientCryptogram)).toEqual({ ok: false });
    });

    it('should fail at SCRYPT and RMAC_I on a flipped bit', () => {
      const flipped = Buffer.from(V.serverCryptogram);
      flipped[0] ^= 1;
      expect(pdVerifyScrypt(keys, V.rndA, V.rndB, flipped)).toEqual({ ok: false });
      const badRmac = Buffer.from(V.rmacI);
      badRmac[15] ^= 1;
      expect(cpVerifyRmacI(keys, V.serverCryptogram, badRmac)).toBe(false);
    });
  });

  describe(deriveScbkFromMasterKey.name, () => {
    it('should encrypt cUID ‖ ~cUID with the master key', () => {
      const cUid = Buffer.from('0001020304050607', 'hex');
      const scbk = deriveScbkFromMasterKey(V.scbk, cUid);
      expect(aesEcbDecrypt(V.scbk, scbk)).toEqual(Buffer.from('0001020304050607fffefdfcfbfaf9f8', 'hex'));
    });
  });
});
