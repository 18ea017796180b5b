
/** UTF-8 with a BOM, so Excel in Japan opens it with the right encoding. */
export const UTF8_BOM = '\uFEFF';

export const LEDGER_CSV_HEADER = [
  '日付/Date', '氏名/Name', 'フリガナ/Kana', '職員番号/No.', '区分/Category', '所属/Affiliation', '管理区域/Area', '目的/Purpose',
  '入室/In', '退室/Out', '立会者/Escort', '認証/Method', '確認者/Reviewer',
];

export function csvField(value: string | number | undefined | null): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
