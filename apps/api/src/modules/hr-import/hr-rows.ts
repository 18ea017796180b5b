import type { FieldError } from '../../common/errors/problem.js';

/** One staff member as the HR export lists them (active staff only; absence means they left). */
export interface HrRow {
  line: number;
  personNo: string;
  familyName: string;
  givenName: string;
  nameKana: string;
  deptCode: string;
  deptName: string;
  sectionCode: string;
  sectionName: string;
  employmentType: 'regular' | 'part-time' | 'temporary';
}

/** Header names the import understands, Japanese or English. */
const COLUMNS: Record<keyof Omit<HrRow, 'line'>, string[]> = {
  personNo: ['職員番号', 'staff_no'],
  familyName: ['氏', 'family_name'],
  givenName: ['名', 'given_name'],
  nameKana: ['氏名カナ', 'name_kana'],
  deptCode: ['部コード', 'dept_code'],
  deptName: ['部名', 'dept_name'],
  sectionCode: ['課コード', 'section_code'],
  sectionName: ['課名', 'section_name'],
  employmentType: ['雇用形態', 'employment_type'],
};

const EMPLOYMENT: Record<string, HrRow['employmentType']> = {
  正規: 'regular', 正職員: 'regular', regular: 'regular',
  会計年度任用: 'part-time', 非常勤: 'part-time', 'part-time': 'part-time',
  臨時: 'temporary', 臨時職員: 'temporary', temporary: 'temporary',
};

export const HR_CSV_HEADER = Object.values(COLUMNS).map((names) => names[0]).join(',');

/** Maps CSV rows (first = header) to HrRows, collecting every problem with its line number. */
export function readHrRows(csv: string[][]): { rows: HrRow[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const [header, ...body] = csv;
  if (!header) return { rows: [], errors: [{ field: 'header', message: `the file is empty; expected a header: ${HR_CSV_HEADER}` }] };
  const index = {} as Record<keyof typeof COLUMNS, number>;
  for (const [key, names] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string[]]>) {
    const i = header.findIndex((h) => names.includes(h.trim()));
    if (i < 0) errors.push({ field: 'header', message: `missing column ${names.join(' / ')}` });
    index[key] = i;
  }
  if (errors.length > 0) return { rows: [], errors };

  const seen = new Map<string, number>();
  const rows: HrRow[] = [];
  body.forEach((cells, n) => {
    const line = n + 2;
    const get = (k: keyof typeof COLUMNS) => (cells[index[k]] ?? '').trim();
    const fail = (field: string, message: string) => errors.push({ field: `line ${line}: ${field}`, message });
    const rawNo = get('personNo').toUpperCase();
    // HR systems often give bare digits; staff numbers carry the S prefix here.
    const personNo = /^\d{3,15}$/.test(rawNo) ? `S${rawNo}` : rawNo;
    if (!/^S\d{3,15}$/.test(personNo)) fail('職員番号', `${JSON.stringify(rawNo)} is not a staff number`);
    else if (seen.has(personNo)) fail('職員番号', `${personNo} also on line ${seen.get(personNo)}`);
    seen.set(personNo, line);
    const employmentType = EMPLOYMENT[get('employmentType')];
    if (!employmentType) fail('雇用形態', `${JSON.stringify(get('employmentType'))} is not one of ${Object.keys(EMPLOYMENT).join(', ')}`);
    for (const k of ['familyName', 'givenName', 'deptCode', 'deptName', 'sectionCode', 'sectionName'] as const) {
      if (!get(k)) fail(COLUMNS[k][0], 'is empty');
    }
    for (const k of ['deptCode', 'sectionCode'] as const) {
      if (get(k) && !/^[A-Za-z0-9_.-]{1,32}$/.test(get(k))) fail(COLUMNS[k][0], 'must be letters, digits, _ . -');
    }
    if (get('nameKana') && !/^[\u30A0-\u30FF\u3000 ]+$/.test(get('nameKana'))) fail('氏名カナ', 'must be katakana');
    rows.push({
      line, personNo, familyName: get('familyName'), givenName: get('givenName'), nameKana: get('nameKana'), deptCode: get('deptCode'),
      deptName: get('deptName'), sectionCode: get('sectionCode'), sectionName: get('sectionName'), employmentType: employmentType ?? 'regular',
    });
  });
  return { rows, errors };
}
