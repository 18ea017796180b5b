import { decodeCsvBytes, parseCsv } from './csv.js';

describe(parseCsv.name, () => {
  it('parses quoted fields, escaped quotes, commas and CRLF', () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""",\r\n\r\n1,2,3')).toEqual({ ok: true, rows: [['a', 'b', 'c'], ['x, y', 'say "hi"', ''], ['1', '2', '3']] });
  });

  it('keeps newlines inside quotes', () => {
    expect(parseCsv('"a\nb",c\n')).toEqual({ ok: true, rows: [['a\nb', 'c']] });
  });

  it('reports the line of an unterminated quote', () => {
    expect(parseCsv('a,b\n"c,d\n')).toEqual({ ok: false, line: 3, error: 'unterminated quoted field' });
  });

  it('rejects stray quotes', () => {
    expect(parseCsv('a,b"c\n')).toMatchObject({ ok: false, line: 1 });
  });
});

describe(decodeCsvBytes.name, () => {
  it('reads UTF-8 with a BOM', () => {
    expect(decodeCsvBytes(Buffer.from('\uFEFF職員番号,氏\n', 'utf8'))).toEqual({ text: '職員番号,氏\n', encoding: 'utf-8' });
  });

  it('reads Shift_JIS', () => {
    // 「山田,総務部」 in Shift_JIS
    const sjis = Buffer.from([0x8e, 0x52, 0x93, 0x63, 0x2c, 0x91, 0x8d, 0x96, 0xb1, 0x95, 0x94]);
    expect(decodeCsvBytes(sjis)).toEqual({ text: '山田,総務部', encoding: 'shift_jis' });
  });
});
