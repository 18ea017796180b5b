/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the JSON values a record body can hold.
 *
 * - objects: members sorted by key, comparing keys as UTF-16 code unit sequences (RFC 8785 §3.2.3);
 *   members whose value is `undefined` are left out, as JSON.stringify (and so the database) does;
 * - arrays, strings, booleans, null: serialised as ECMAScript JSON.stringify does (§3.2.2);
 * - numbers: ECMAScript Number-to-String (§3.2.2.3), -0 becomes 0; NaN and ±Infinity are rejected.
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
    this.path = this.path === '$' ? `$${segment}` : `$${segment}${this.path.slice(1)}`;
    this.message = `${this.reason} at ${this.path}`;
    return this;
  }
}

/** Deep enough for any real record body; stops runaway recursion and cycles. */
const MAX_DEPTH = 64;

/** The RFC 8785 canonical text of `value` (encode it as UTF-8 to get the canonical bytes). */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

function at(e: unknown, segment: string): unknown {
  return e instanceof CanonicalJsonError ? e.within(segment) : e;
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`non-finite number ${String(value)}`);
      return String(value); // ECMAScript Number::toString is exactly RFC 8785's number format; String(-0) is "0"
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) throw new CanonicalJsonError(`nesting deeper than ${MAX_DEPTH} (or a cycle)`);
      if (Array.isArray(value)) return writeArray(value, depth + 1);
      return writeObject(value, depth + 1);
    default:
      throw new CanonicalJsonError(`${typeof value} is not JSON`);
  }
}

function writeArray(items: readonly unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    try {
      out += write(items[i], depth);
    } catch (e) {
      throw at(e, `[${i}]`);
    }
  }
  return out + ']';
}

function writeObject(obj: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(`${obj.constructor?.name ?? 'object'} is not a plain JSON object`);
  }
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 requires.
  // Bodies are usually built with their keys in order already; checking that is cheaper than sorting.
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  const record = obj as Record<string, unknown>;
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += writeString(key);
    out += ':';
    try {
      out += write(member, depth);
    } catch (e) {
      throw at(e, `.${key}`);
    }
  }
  return out + '}';
}

// A lone surrogate cannot be encoded as UTF-8; JSON.stringify would escape it, JCS (I-JSON) forbids it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function writeString(value: string): string {
  // Most strings need no escaping and hold no surrogates: check that cheaply before the general path.
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) {
      plain = false;
      break;
    }
  }
  if (plain) return `"${value}"`;
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('string with a lone UTF-16 surrogate');
  return JSON.stringify(value); // same escapes as RFC 8785 §3.2.2.2 (\b \t \n \f \r \" \\ and \u00xx)
}

/** True when the string is well-formed UTF-16 (no lone surrogates), so its UTF-8 encoding is lossless. */
export function isWellFormedString(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
