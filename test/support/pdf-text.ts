import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF as poppler's pdftotext reads it (through the embedded ToUnicode maps); undefined without poppler. */
export function pdfText(pdf: Buffer): string | undefined {
  const file = join(mkdtempSync(join(tmpdir(), 'acs-pdf-')), 'ledger.pdf');
  writeFileSync(file, pdf);
  const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (result.error) return undefined;
  return result.stdout;
}
