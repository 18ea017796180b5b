/**
 * A one-line progress bar on stderr (so stdout stays a clean report): redrawn at most every 100 ms, only on a
 * terminal unless forced, and erased when done.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    this.drawn = true;
    this.out.write(`\r${render(this.label, done, this.total, (now - this.started) / 1000)}\u001b[K`);
  }

  done(): void {
    if (this.drawn) this.out.write('\r\u001b[K');
    this.drawn = false;
  }
}

const WIDTH = 28;

export function render(label: string, done: number, total: number, seconds: number): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * WIDTH);
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 && done < total ? ` ETA ${formatSeconds((total - done) / rate)}` : '';
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%  `
    + `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${formatRate(rate)}/s${eta}`;
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k`;
  return perSecond.toFixed(0);
}

function formatSeconds(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.ceil(s)}s`;
}

/** Bars are drawn on a terminal, or always with --progress, never with --no-progress. */
export function progressWanted(flag: boolean | undefined, total: number, threshold = 100_000): boolean {
  if (flag !== undefined) return flag;
  return Boolean(process.stderr.isTTY) && total >= threshold;
}
