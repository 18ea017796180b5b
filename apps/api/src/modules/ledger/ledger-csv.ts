import type { LedgerStayDto } from './ledger.controller.js';

/** UTF-8 with a BOM, so Excel in Japan opens it with the right encoding. */
export const UTF8_BOM = '\uFEFF';

export const LEDGER_CSV_HEADER = [
  '日付/Date', '氏名/Name', 'フリガナ/Kana', '職員番号/No.', '区分/Category', '所属/Affiliation', '管理区域/Area', '目的/Purpose',
  '入室/In', '退室/Out', '立会者/Escort', '認証/Method', '確認者/Reviewer',
];

export function csvField(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function ledgerCsvRow(s: LedgerStayDto): string {
  const category = s.person.kind === 'staff' ? '職員/staff' : '委託/contractor';
  const out = s.exitKind === 'forgiven' ? `${s.local.timeOut ?? ''} (forgiven)` : s.local.timeOut;
  return [
    s.local.timeIn.slice(0, 10), s.person.name, s.person.nameKana, s.person.personNo, category, s.affiliation.ja, s.area.nameJa, s.purpose,
    s.local.timeIn.slice(11), out ? out.slice(11) : '', s.escortPersonNo, s.method, s.reviewedBy,
  ].map(csvField).join(',');
}
