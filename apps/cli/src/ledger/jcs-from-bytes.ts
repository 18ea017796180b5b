/**
 * RFC 8785 (JCS) straight from JSON text bytes, for the plain JSON an exported body usually is: objects with
 * ASCII keys, strings without escapes, integers of at most 15 digits, true, false, null. Such text has exactly
 * one canonical form that needs no number formatting or re-escaping, only the members sorted by key, so it
 * is copied byte by byte. Anything else (escapes, fractions, exponents, -0, non-ASCII or duplicate keys, deep
 * nesting) makes it decline (-1), and the caller takes the JSON.parse path, which handles every JSON value.
 */

const MAX_DEPTH = 32;
const DECLINED = -1;

/** Where the caller wants the canonical bytes: `buf` may be replaced by a larger one as it grows. */
export interface ByteSink {
  buf: Buffer;
  pos: number;
  /** Set when a string had bytes beyond ASCII: the caller then checks the text is valid UTF-8. */
  nonAscii: boolean;
}

/** A top-level member's string value, by its key (positions in the source text, quotes excluded). */
export interface BodyStrings {
  readonly wanted: readonly string[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export function bodyStrings(wanted: readonly string[]): BodyStrings {
  return { wanted, starts: new Int32Array(wanted.length), ends: new Int32Array(wanted.length) };
}

/**
 * Writes the canonical form of the JSON value at src[pos…] to `out`; returns the position after the value, or
 * -1 when the text is not of the plain kind above (out is then left partly written). With `strings`, the
 * top-level object's string members named there are located (start -1 when absent or not a string).
 */
export function writeJcsFromBytes(src: Buffer, pos: number, end: number, out: ByteSink, strings?: BodyStrings): number {
  if (strings) strings.starts.fill(-1);
  return value(src, skipSpace(src, pos, end), end, out, 0, strings);
}

function value(src: Buffer, pos: number, end: number, out: ByteSink, depth: number, strings?: BodyStrings): number {
  if (pos >= end) return DECLINED;
  const c = src[pos]!;
  if (c === 0x7b) return object(src, pos, end, out, depth, strings); // {
  if (c === 0x5b) return array(src, pos, end, out, depth); // [
  if (c === 0x22) return copy(src, pos, stringEnd(src, pos, end, out), out); // "
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return copy(src, pos, integerEnd(src, pos, end), out);
  if (c === 0x74) return literal(src, pos, end, out, TRUE);
  if (c === 0x66) return literal(src, pos, end, out, FALSE);
  if (c === 0x6e) return literal(src, pos, end, out, NULL);
  return DECLINED;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

function literal(src: Buffer, pos: number, end: number, out: ByteSink, word: Buffer): number {
  return copy(src, pos, literalEnd(src, pos, end, word), out);
}

function literalEnd(src: Buffer, pos: number, end: number, word: Buffer): number {
  if (pos + word.length > end) return DECLINED;
  for (let i = 0; i < word.length; i++) if (src[pos + i] !== word[i]) return DECLINED;
  return pos + word.length;
}

/** Copies src[from, to) when `to` is a position (not -1); returns `to`. Short runs in JS: cheaper than a native call. */
function copy(src: Buffer, from: number, to: number, out: ByteSink): number {
  if (to < 0) return DECLINED;
  const length = to - from;
  ensure(out, length);
  const buf = out.buf;
  let at = out.pos;
  if (length > 48) src.copy(buf, at, from, to);
  else for (let i = from; i < to; i++) buf[at++] = src[i]!;
  out.pos += length;
  return to;
}

export function ensure(out: ByteSink, extra: number): void {
  if (out.pos + extra <= out.buf.length) return;
  const next = Buffer.alloc(Math.max(out.buf.length * 2, out.pos + extra));
  out.buf.copy(next, 0, 0, out.pos);
  out.buf = next;
}

function skipSpace(src: Buffer, pos: number, end: number): number {
  while (pos < end) {
    const c = src[pos]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    pos++;
  }
  return pos;
}

/**
 * The position after a string literal starting at src[pos] (a quote), or -1 if it has an escape or a control
 * character. Its bytes are then its canonical form; UTF-8 validity is the caller's check (one per line).
 */
function stringEnd(src: Buffer, pos: number, end: number, sink?: ByteSink): number {
  for (let i = pos + 1; i < end; i++) {
    const c = src[i]!;
    if (c === 0x22) return i + 1;
    if (c === 0x5c || c < 0x20) return DECLINED;
    if (c >= 0x80 && sink) sink.nonAscii = true;
  }
  return DECLINED;
}

/** The position after an integer of 1–15 digits (optionally negative, never -0 or with leading zeros), or -1. */
export function integerEnd(src: Buffer, pos: number, end: number): number {
  const negative = src[pos] === 0x2d;
  const first = negative ? pos + 1 : pos;
  let i = first;
  while (i < end && src[i]! >= 0x30 && src[i]! <= 0x39) i++;
  const digits = i - first;
  if (digits === 0 || digits > 15 || (digits > 1 && src[first] === 0x30) || (negative && src[first] === 0x30)) return DECLINED;
  // A fraction or an exponent needs ECMAScript number formatting: not copied.
  if (i < end && (src[i] === 0x2e || src[i] === 0x65 || src[i] === 0x45)) return DECLINED;
  return i;
}

function array(src: Buffer, pos: number, end: number, out: ByteSink, depth: number): number {
  if (depth >= MAX_DEPTH) return DECLINED;
  put(out, 0x5b);
  pos = skipSpace(src, pos + 1, end);
  if (src[pos] === 0x5d) {
    put(out, 0x5d);
    return pos + 1;
  }
  for (;;) {
    pos = value(src, pos, end, out, depth + 1);
    if (pos < 0) return DECLINED;
    pos = skipSpace(src, pos, end);
    const c = src[pos];
    if (c === 0x5d) {
      put(out, 0x5d);
      return pos + 1;
    }
    if (c !== 0x2c) return DECLINED;
    put(out, 0x2c);
    pos = skipSpace(src, pos + 1, end);
  }
}

function put(out: ByteSink, byte: number): void {
  ensure(out, 1);
  out.buf[out.pos++] = byte;
}

/** Members are found first (key and value positions), then written in key order. */
function object(src: Buffer, pos: number, end: number, out: ByteSink, depth: number, strings?: BodyStrings): number {
  if (depth >= MAX_DEPTH) return DECLINED;
  const members: number[] = []; // keyStart, keyEnd, valueStart, valueEnd for each member
  pos = skipSpace(src, pos + 1, end);
  if (src[pos] !== 0x7d) {
    for (;;) {
      if (src[pos] !== 0x22) return DECLINED;
      const keyStart = pos;
      const keyEnd = asciiKeyEnd(src, pos, end);
      if (keyEnd < 0) return DECLINED;
      pos = skipSpace(src, keyEnd, end);
      if (src[pos] !== 0x3a) return DECLINED;
      const valueStart = skipSpace(src, pos + 1, end);
      const valueEnd = skipValue(src, valueStart, end, depth + 1, out);
      if (valueEnd < 0) return DECLINED;
      members.push(keyStart, keyEnd, valueStart, valueEnd);
      pos = skipSpace(src, valueEnd, end);
      if (src[pos] === 0x7d) break;
      if (src[pos] !== 0x2c) return DECLINED;
      pos = skipSpace(src, pos + 1, end);
    }
  }
  const order = sortedMembers(src, members);
  if (!order) return DECLINED;
  put(out, 0x7b);
  for (let m = 0; m < order.length; m++) {
    const at = order[m]!;
    if (m > 0) put(out, 0x2c);
    copy(src, members[at]!, members[at + 1]!, out);
    put(out, 0x3a);
    const valueStart = members[at + 2]!;
    const nested = src[valueStart] === 0x7b || src[valueStart] === 0x5b;
    // A scalar was validated by skipValue and is its own canonical form; only containers need sorting inside.
    if (!nested) copy(src, valueStart, members[at + 3]!, out);
    else if (value(src, valueStart, members[at + 3]!, out, depth + 1) < 0) return DECLINED;
    if (strings && src[members[at + 2]!] === 0x22) noteString(src, members, at, strings);
  }
  put(out, 0x7d);
  return pos + 1;
}

/** The end of a key literal of printable ASCII without escapes (so byte order is JCS's UTF-16 order), or -1. */
function asciiKeyEnd(src: Buffer, pos: number, end: number): number {
  for (let i = pos + 1; i < end; i++) {
    const c = src[i]!;
    if (c === 0x22) return i + 1;
    if (c === 0x5c || c < 0x20 || c > 0x7e) return DECLINED;
  }
  return DECLINED;
}

/** Validates the value at pos without writing it; returns the position after it, or -1. */
function skipValue(src: Buffer, pos: number, end: number, depth: number, sink: ByteSink): number {
  const c = src[pos];
  if (c === 0x22) return stringEnd(src, pos, end, sink);
  if (c === 0x7b || c === 0x5b) {
    if (depth >= MAX_DEPTH) return DECLINED;
    const close = c === 0x7b ? 0x7d : 0x5d;
    pos = skipSpace(src, pos + 1, end);
    if (src[pos] === close) return pos + 1;
    for (;;) {
      if (c === 0x7b) {
        if (src[pos] !== 0x22) return DECLINED;
        pos = skipSpace(src, asciiKeyEnd(src, pos, end), end);
        if (pos < 0 || src[pos] !== 0x3a) return DECLINED;
        pos = skipSpace(src, pos + 1, end);
      }
      pos = skipValue(src, pos, end, depth + 1, sink);
      if (pos < 0) return DECLINED;
      pos = skipSpace(src, pos, end);
      if (src[pos] === close) return pos + 1;
      if (src[pos] !== 0x2c) return DECLINED;
      pos = skipSpace(src, pos + 1, end);
    }
  }
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return integerEnd(src, pos, end);
  if (c === 0x74) return literalEnd(src, pos, end, TRUE);
  if (c === 0x66) return literalEnd(src, pos, end, FALSE);
  if (c === 0x6e) return literalEnd(src, pos, end, NULL);
  return DECLINED;
}

/** Member offsets (multiples of 4) in key order, or undefined when two keys are equal (JSON.parse keeps the last). */
function sortedMembers(src: Buffer, members: number[]): number[] | undefined {
  const order: number[] = [];
  for (let at = 0; at < members.length; at += 4) {
    let i = order.length;
    order.push(at);
    for (; i > 0; i--) {
      const before = order[i - 1]!;
      const cmp = compareKeys(src, members[at]! + 1, members[at + 1]! - 1, members[before]! + 1, members[before + 1]! - 1);
      if (cmp === 0) return undefined;
      if (cmp > 0) break;
      order[i] = before; // insertion sort: bodies have a handful of keys
    }
    order[i] = at;
  }
  return order;
}

/** Byte order of two ASCII keys (their contents, quotes excluded): JCS's order for them. */
function compareKeys(src: Buffer, a: number, aEnd: number, b: number, bEnd: number): number {
  for (; a < aEnd && b < bEnd; a++, b++) if (src[a] !== src[b]) return src[a]! - src[b]!;
  return (aEnd - a) - (bEnd - b);
}

function noteString(src: Buffer, members: number[], at: number, strings: BodyStrings): void {
  const keyStart = members[at]! + 1;
  const keyLength = members[at + 1]! - 1 - keyStart;
  for (let w = 0; w < strings.wanted.length; w++) {
    const name = strings.wanted[w]!;
    if (name.length === keyLength && src.toString('latin1', keyStart, keyStart + keyLength) === name) {
      strings.starts[w] = members[at + 2]! + 1;
      strings.ends[w] = members[at + 3]! - 1;
    }
  }
}
