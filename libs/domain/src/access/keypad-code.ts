/**
 * Staff and contractor numbers carry a letter prefix (S0001, C0001) but door keypads have digits only.
 * The letter is keyed as on a phone keypad (ABC=2 … PQRS=7, TUV=8, WXYZ=9): S0001 → 70001, C0001 → 20001.
 */
const PHONE_KEYS: Record<string, string> = {};
for (const [digit, letters] of Object.entries({ 2: 'ABC', 3: 'DEF', 4: 'GHI', 5: 'JKL', 6: 'MNO', 7: 'PQRS', 8: 'TUV', 9: 'WXYZ' })) {
  for (const letter of letters) PHONE_KEYS[letter] = digit;
}

export function keypadCodeFor(personNo: string): string {
  return [...personNo.toUpperCase()]
    .map((ch) => {
      if (ch >= '0' && ch <= '9') return ch;
      const digit = PHONE_KEYS[ch];
      if (!digit) throw new Error(`Person number ${JSON.stringify(personNo)} cannot be keyed: ${ch}`);
      return digit;
    })
    .join('');
}
