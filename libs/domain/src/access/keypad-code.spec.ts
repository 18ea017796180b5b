import { keypadCodeFor } from './keypad-code.js';

describe(keypadCodeFor.name, () => {
  it.each([
    ['S0001', '70001'],
    ['C0001', '20001'],
    ['s0123', '70123'],
    ['Z9', '99'],
    ['123456', '123456'],
  ])('keys %s as %s', (personNo, digits) => {
    expect(keypadCodeFor(personNo)).toBe(digits);
  });

  it('rejects characters a keypad cannot produce', () => {
    expect(() => keypadCodeFor('S-001')).toThrow(/cannot be keyed/);
  });
});
