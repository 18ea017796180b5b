import { randomBytes } from 'node:crypto';
import { cardHash, cardReference, normaliseCardNumber } from './card-hash.js';

describe(cardHash.name, () => {
  const key = randomBytes(32);

  it('is a keyed hash of the number, case-insensitive, never containing it', () => {
    const h = cardHash(key, '5A0001C0');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cardHash(key, '5a0001c0')).toBe(h);
    expect(cardHash(randomBytes(32), '5a0001c0')).not.toBe(h);
    expect(cardHash(key, '5a0001c1')).not.toBe(h);
    expect(h).not.toContain('5a0001c0');
    expect(cardReference(h)).toBe(h.slice(0, 32));
  });

  it('accepts only whole bytes of hex, 1 to 128 of them (OSDP RAW carries up to 1024 bits)', () => {
    expect(normaliseCardNumber('ABcd')).toBe('abcd');
    for (const bad of ['', 'a', 'abc', 'xyz1', 'ab'.repeat(129)]) expect(() => normaliseCardNumber(bad)).toThrow(/hex/);
    expect(() => cardHash(randomBytes(16), 'ab')).toThrow(/32 bytes/);
  });
});
