/** What every benchmark returns: a readable table and the key figures as one JSON line for tools. */
export interface BenchReport {
  name: string;
  /** Rows of the printed table: metric, value, unit, target (optional). */
  rows: Array<{ metric: string; value: number | string; unit?: string; target?: string }>;
  /** Key figures, printed last as one line of JSON. */
  figures: Record<string, number | string | boolean>;
}

export type Bench = (args: string[]) => Promise<BenchReport>;

export function printReport(report: BenchReport, out: (line: string) => void = console.log): void {
  const cells = report.rows.map((r) => [r.metric, typeof r.value === 'number' ? formatNumber(r.value) : r.value, r.unit ?? '', r.target ?? '']);
  const header = ['metric', 'value', 'unit', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  out(`\n${report.name}`);
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) out(line(c));
  out('');
  out(JSON.stringify({ bench: report.name, machine: machineInfo(), date: new Date().toISOString(), ...report.figures }));
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

export function machineInfo(): string {
  return `${process.platform}-${process.arch} node${process.versions.node}`;
}
