import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { LedgerStayDto } from './ledger.controller.js';

/** Japanese fonts to embed, in order of preference: IPAex Gothic is the usual font of official documents. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf',
  '/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf',
  '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
];

export function findJapaneseFont(configured?: string): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined;
  return FONT_CANDIDATES.find((f) => existsSync(f));
}

const COLUMNS: Array<{ title: string; width: number; cell: (s: LedgerStayDto) => string }> = [
  { title: '日付\nDate', width: 62, cell: (s) => s.local.timeIn.slice(0, 10) },
  { title: '氏名\nName', width: 88, cell: (s) => `${s.person.name}\n${s.person.personNo}` },
  { title: '所属\nAffiliation', width: 140, cell: (s) => s.affiliation.ja },
  { title: '目的\nPurpose', width: 150, cell: (s) => s.purpose ?? '' },
  { title: '入室\nIn', width: 48, cell: (s) => s.local.timeIn.slice(11) },
  { title: '退室\nOut', width: 48, cell: (s) => (s.local.timeOut ? s.local.timeOut.slice(11) : '') + (s.exitKind === 'forgiven' ? '\n(解除)' : '') },
  { title: '立会者\nEscort', width: 62, cell: (s) => s.escortPersonNo ?? '' },
  { title: '認証\nMethod', width: 58, cell: (s) => (s.method === 'vein+pin' ? '静脈+暗証' : s.method) },
  { title: '確認者\nReviewer', width: 70, cell: (s) => s.reviewedBy ?? '' },
];

export interface LedgerPdfHeading {
  areaName: string;
  period: string;
  timeZone: string;
  generatedAt: string;
}

/**
 * The entry ledger (入退室管理簿) as an A4 landscape PDF in the shape of the paper form. Rows are drawn as they
 * arrive (`addRows` per batch), so memory stays flat however long the period.
 */
export class LedgerPdf {
  private readonly doc: PDFKit.PDFDocument;
  private y = 0;
  private page = 0;
  private readonly left = 36;
  private readonly bottom: number;

  constructor(fontPath: string, private readonly heading: LedgerPdfHeading, out: NodeJS.WritableStream) {
    this.doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: '入退室管理簿 / Entry ledger', Creator: 'server-room-acs' } });
    this.doc.registerFont('jp', fontPath);
    this.doc.font('jp');
    this.doc.pipe(out);
    this.bottom = this.doc.page.height - 48;
    this.newPage();
  }

  addRows(stays: LedgerStayDto[]): void {
    for (const stay of stays) {
      const cells = COLUMNS.map((c) => c.cell(stay));
      const height = Math.max(22, ...cells.map((text, i) => this.doc.fontSize(8.5).heightOfString(text, { width: COLUMNS[i].width - 6 }) + 8));
      if (this.y + height > this.bottom) this.newPage();
      this.drawRow(cells, height, 8.5);
    }
  }

  end(rowCount: number): void {
    if (rowCount === 0) this.doc.fontSize(10).text('該当する記録はありません / No stays in this period', this.left, this.y + 10);
    this.doc.end();
  }

  private newPage(): void {
    if (this.page > 0) this.doc.addPage();
    this.page++;
    const d = this.doc;
    d.fontSize(16).text('入退室管理簿', this.left, 30, { continued: true }).fontSize(10).text('  Entry ledger');
    d.fontSize(9).text(`管理区域 / Area: ${this.heading.areaName}    期間 / Period: ${this.heading.period} (${this.heading.timeZone})`, this.left, 52);
    d.text(`出力 / Generated: ${this.heading.generatedAt}    頁 / Page ${this.page}`, this.left, 64);
    this.y = 82;
    this.drawRow(COLUMNS.map((c) => c.title), 26, 8, true);
  }

  private drawRow(cells: string[], height: number, size: number, header = false): void {
    let x = this.left;
    cells.forEach((text, i) => {
      const w = COLUMNS[i].width;
      if (header) this.doc.rect(x, this.y, w, height).fillAndStroke('#eeeeee', '#555555').fillColor('black');
      else this.doc.rect(x, this.y, w, height).stroke('#555555');
      this.doc.fontSize(size).fillColor('black').text(text, x + 3, this.y + 4, { width: w - 6, height: height - 4 });
      x += w;
    });
    this.y += height;
  }
}
