/**
 * A record line's time, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. The canonical bytes hold milliseconds, and the api writes
 * whole milliseconds, so a time with microseconds was not written by the api: it is refused rather than silently
 * truncated. Read digit by digit, from bytes (Date.parse was a fifth of the whole verification).
 */

const LENGTH = 27;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const scratch = new Uint8Array(LENGTH);

/** The time as epoch milliseconds, or why it is not one. */
export function recordTime(value: unknown): number | string {
  if (typeof value !== 'string' || value.length !== LENGTH || value.charCodeAt(LENGTH - 1) !== 90 /* Z */) return 'is not a UTC time with microseconds';
  if (!value.endsWith('000Z')) return `${value} has sub-millisecond digits the api never writes`;
  for (let i = 0; i < LENGTH; i++) {
    const c = value.charCodeAt(i);
    scratch[i] = c < 0x80 ? c : 0; // no character beyond ASCII belongs in a time
  }
  return recordTimeAt(scratch, 0) ?? `${value} is not a valid time`;
}

/** The 27 bytes at src[at] as epoch milliseconds, or undefined when they are not a time the api writes. */
function recordTimeAt(src: Uint8Array, at: number): number | undefined {
  const c = (i: number) => src[at + i];
  if (c(4) !== 45 || c(7) !== 45 || c(10) !== 84 || c(13) !== 58 || c(16) !== 58 || c(19) !== 46) return undefined; // - - T : : .
  if (c(23) !== 48 || c(24) !== 48 || c(25) !== 48 || c(26) !== 90) return undefined; // 000Z
  const y = digits(src, at, 4);
  const mo = digits(src, at + 5, 2);
  const d = digits(src, at + 8, 2);
  const h = digits(src, at + 11, 2);
  const mi = digits(src, at + 14, 2);
  const s = digits(src, at + 17, 2);
  const milli = digits(src, at + 20, 3);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1]! + (mo === 2 && leap ? 1 : 0) && h <= 23 && mi <= 59 && s <= 59 && milli >= 0)) return undefined;
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, milli);
  const early = new Date(0); // Date.UTC reads years 0–99 as 1900–1999
  early.setUTCFullYear(y, mo - 1, d);
  return early.setUTCHours(h, mi, s, milli);
}

/** The decimal number written in `count` bytes at src[from], or NaN if any of them is not a digit. */
function digits(src: Uint8Array, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = src[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}
