import { base32, totpCode, verifyTotp } from './totp.js';

// RFC 6238 Appendix B (SHA-1 key "12345678901234567890"), 8 digits.
const RFC_KEY = Buffer.from('12345678901234567890');

describe('TOTP', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches RFC 6238 at T=%d', (seconds, code) => {
    expect(totpCode(RFC_KEY, seconds * 1000, 8)).toBe(code);
  });

  it('accepts one step of drift and no more', () => {
    const now = 1_795_600_000_000;
    expect(verifyTotp(RFC_KEY, totpCode(RFC_KEY, now - 30_000), now)).toBe(true);
    expect(verifyTotp(RFC_KEY, totpCode(RFC_KEY, now + 30_000), now)).toBe(true);
    expect(verifyTotp(RFC_KEY, totpCode(RFC_KEY, now - 90_000), now)).toBe(false);
    expect(verifyTotp(RFC_KEY, '12345', now)).toBe(false);
  });

  it('encodes base32 as RFC 4648', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });
});
