import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { CanonicalJsonError, canonicalJson } from './jcs.js';

describe(canonicalJson.name, () => {
  it('reproduces the RFC 8785 §3.2.2 example, byte for byte', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const out = canonicalJson(JSON.parse(input));
    expect(out).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
    expect(createHash('sha256').update(out, 'utf8').digest('hex')).toBe('2d5e01a318d0f0879ab568c4be289c8b1f64ef8921a53c6277d5e069978baacb');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    const values = [...canonicalJson(JSON.parse(input)).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual([
      'Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the double %s as %s', (bits, text) => {
    expect(canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0))).toBe(text);
  });

  it.each([
    ['NaN', Number.NaN, '$'],
    ['Infinity', Number.POSITIVE_INFINITY, '$'],
    ['-Infinity inside an array', [1, Number.NEGATIVE_INFINITY], '$[1]'],
    ['a bigint', { a: 1n }, '$.a'],
    ['undefined in an array', [undefined], '$[0]'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', Symbol('x'), '$'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a Map', new Map(), '$'],
    ['a lone high surrogate', { s: 'a\ud800b' }, '$.s'],
    ['a lone low surrogate in a key', { 'k\udc00': 1 }, '$.k\udc00'],
  ])('rejects %s', (_name, value, path) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CanonicalJsonError);
    expect((error as CanonicalJsonError).path).toBe(path);
  });

  it('rejects cycles instead of recursing forever', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(CanonicalJsonError);
  });

  it('leaves out undefined members, as JSON.stringify and the database do', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });

  it('keeps unicode as UTF-8 text and escapes only what JSON must', () => {
    expect(canonicalJson({ name: '山田 太郎', emoji: '😀', ctl: '\u0001\t' })).toBe('{"ctl":"\\u0001\\t","emoji":"😀","name":"山田 太郎"}');
  });

  it('accepts objects without a prototype and nested structures', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { y: [{ b: 1, a: [] }], x: {} });
    expect(canonicalJson(bare)).toBe('{"x":{},"y":[{"a":[],"b":1}]}');
  });

  // JSON.stringify of a value whose keys were put in order is the JCS text, for well-formed strings.
  const sortedDeep = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sortedDeep) : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedDeep((v as Record<string, unknown>)[k])]))
      : v;

  it('agrees with JSON.stringify over sorted keys, for arbitrary JSON with any Unicode (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sortedDeep(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips through JSON.parse (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme' }), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
