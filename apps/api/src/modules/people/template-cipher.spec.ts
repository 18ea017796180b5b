import { randomBytes } from 'node:crypto';
import { TemplateCipher } from './template-cipher.js';

describe(TemplateCipher.name, () => {
  const sut = new TemplateCipher({ id: 't1', key: randomBytes(32) });
  const template = randomBytes(64);

  it('seals and opens a template', () => {
    const sealed = sut.seal(template, 'person-1', 'template-1');
    expect(sealed.includes(template)).toBe(false);
    expect(sut.open(sealed, 'person-1', 'template-1').equals(template)).toBe(true);
  });

  it('refuses a template moved to another person or tampered with', () => {
    const sealed = sut.seal(template, 'person-1', 'template-1');
    expect(() => sut.open(sealed, 'person-2', 'template-1')).toThrow();
    sealed[sealed.length - 1] ^= 1;
    expect(() => sut.open(sealed, 'person-1', 'template-1')).toThrow();
  });
});
