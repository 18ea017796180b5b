/**
 * CSV from HR systems: UTF-8 (with or without BOM) or Shift_JIS, RFC 4180 quoting, CRLF or LF.
 * Decoding tries strict UTF-8 first; bytes that are not valid UTF-8 are read as Shift_JIS (Node's ICU decoder).
 */
export function decodeCsvBytes(bytes: Buffer): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(body), encoding: 'shift_jis' };
  }
}

export type CsvResult = { ok: true; rows: string[][] } | { ok: false; line: number; error: string };

export function parseCsv(text: string): CsvResult {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === '"') return { ok: false, line, error: 'quote inside an unquoted field' };
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) return { ok: false, line, error: 'unterminated quoted field' };
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return { ok: true, rows };
}
