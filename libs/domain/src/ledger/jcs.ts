import { ByteWriter } from './byte-writer.js';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the JSON values a record body can hold, written straight
 * to UTF-8 bytes (no intermediate strings: this runs once per record on the verifier's hot path).
 *
 * - objects: members sorted by key, comparing keys as UTF-16 code unit sequences (RFC 8785 §3.2.3);
 *   members whose value is `undefined` are left out, as JSON.stringify (and so the database) does;
 * - strings: escaped as ECMAScript JSON.stringify does (§3.2.2.2): \b \t \n \f \r \" \\ and \u00xx
 *   (lower-case hex) for the other controls; everything else literal, in UTF-8;
 * - numbers: ECMAScript Number-to-String (§3.2.2.3), -0 becomes 0; NaN and ±Infinity are rejected;
 * - true, false, null and arrays as usual.
 *
 * Anything else (undefined outside an object member, bigint, functions, symbols, Dates, Maps, class
 * instances, cycles, lone UTF-16 surrogates) is rejected, because it has no single JSON meaning.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue | undefined };

/** Thrown for a value that has no canonical JSON form; `path` points at it (e.g. `$.a[2]`). */
export class CanonicalJsonError extends Error {
  constructor(
    readonly reason: string,
    public path = '$',
  ) {
    super(`${reason} at ${path}`);
    this.name = 'CanonicalJsonError';
  }

  /** Adds the enclosing member or index to the path (built while unwinding, so valid input builds none). */
  within(segment: string): this {
    this.path = `$${segment}${this.path.slice(1)}`;
    this.message = `${this.reason} at ${this.path}`;
    return this;
  }
}

/** Deep enough for any real record body; stops runaway recursion and cycles. */
const MAX_DEPTH = 64;

const scratch = new ByteWriter(256);

/** The RFC 8785 canonical text of `value`. */
export function canonicalJson(value: unknown): string {
  scratch.reset(0);
  writeCanonicalJson(scratch, value);
  return scratch.buf.toString('utf8', 0, scratch.pos);
}

/** Appends the canonical UTF-8 bytes of `value` to the writer. */
export function writeCanonicalJson(w: ByteWriter, value: unknown): void {
  write(w, value, 0);
}

function write(w: ByteWriter, value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      return writeString(w, value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`non-finite number ${String(value)}`);
      return ascii(w, String(value)); // ECMAScript Number::toString is RFC 8785's number format; String(-0) is "0"
    case 'boolean':
      return ascii(w, value ? 'true' : 'false');
    case 'object':
      if (value === null) return ascii(w, 'null');
      if (depth >= MAX_DEPTH) throw new CanonicalJsonError(`nesting deeper than ${MAX_DEPTH} (or a cycle)`);
      if (Array.isArray(value)) return writeArray(w, value, depth + 1);
      return writeObject(w, value, depth + 1);
    default:
      throw new CanonicalJsonError(`${typeof value} is not JSON`);
  }
}

function writeArray(w: ByteWriter, items: readonly unknown[], depth: number): void {
  w.u8(0x5b); // [
  for (let i = 0; i < items.length; i++) {
    if (i > 0) w.u8(0x2c); // ,
    try {
      write(w, items[i], depth);
    } catch (e) {
      throw e instanceof CanonicalJsonError ? e.within(`[${i}]`) : e;
    }
  }
  w.u8(0x5d); // ]
}

function writeObject(w: ByteWriter, obj: object, depth: number): void {
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(`${obj.constructor?.name ?? 'object'} is not a plain JSON object`);
  }
  // Relational comparison and the default sort both order strings by UTF-16 code units, as RFC 8785
  // requires. Bodies are usually built with their keys in order already; checking is cheaper than sorting.
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  const record = obj as Record<string, unknown>;
  w.u8(0x7b); // {
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) w.u8(0x2c);
    first = false;
    try {
      writeString(w, key);
      w.u8(0x3a); // :
      write(w, member, depth);
    } catch (e) {
      throw e instanceof CanonicalJsonError ? e.within(`.${key}`) : e;
    }
  }
  w.u8(0x7d); // }
}

function ascii(w: ByteWriter, text: string): void {
  w.ensure(text.length);
  const buf = w.buf;
  let pos = w.pos;
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  w.pos = pos;
}

const HEX_DIGITS = '0123456789abcdef';
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };

/** A JSON string literal in UTF-8, with JSON.stringify's escapes; lone surrogates are an error. */
function writeString(w: ByteWriter, value: string): void {
  const len = value.length;
  w.ensure(2 + 6 * len); // \u00xx is the longest form of one UTF-16 unit
  const buf = w.buf;
  let pos = w.pos;
  buf[pos++] = 0x22;
  for (let i = 0; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) buf[pos++] = 0x5c;
      buf[pos++] = c;
    } else if (c < 0x20) {
      buf[pos++] = 0x5c;
      const short = SHORT_ESCAPES[c];
      if (short !== undefined) {
        buf[pos++] = short;
      } else {
        buf[pos++] = 0x75; // u00xx
        buf[pos++] = 0x30;
        buf[pos++] = 0x30;
        buf[pos++] = HEX_DIGITS.charCodeAt(c >> 4);
        buf[pos++] = HEX_DIGITS.charCodeAt(c & 0xf);
      }
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      const low = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) throw new CanonicalJsonError('string with a lone UTF-16 surrogate');
      const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      buf[pos++] = 0xf0 | (cp >> 18);
      buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
      buf[pos++] = 0x80 | (cp & 0x3f);
      i++;
    }
  }
  buf[pos++] = 0x22;
  w.pos = pos;
}
