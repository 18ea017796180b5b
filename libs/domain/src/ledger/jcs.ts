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
    readonly path: string,
  ) {
    super(`${reason} at ${path}`);
    this.name = 'CanonicalJsonError';
  }
}

/** Deep enough for any real record body; stops runaway recursion and cycles. */
const MAX_DEPTH = 64;

/** The RFC 8785 canonical text of `value` (encode it as UTF-8 to get the canonical bytes). */
export function canonicalJson(value: unknown): string {
  return write(value, '$', 0);
}

function write(value: unknown, path: string, depth: number): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`non-finite number ${String(value)}`, path);
      return String(value); // ECMAScript Number::toString is exactly RFC 8785's number format; String(-0) is "0"
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) throw new CanonicalJsonError(`nesting deeper than ${MAX_DEPTH} (or a cycle)`, path);
      if (Array.isArray(value)) return writeArray(value, path, depth + 1);
      return writeObject(value, path, depth + 1);
    default:
      throw new CanonicalJsonError(`${typeof value} is not JSON`, path);
  }
}

function writeArray(items: readonly unknown[], path: string, depth: number): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(items[i], `${path}[${i}]`, depth);
  }
  return out + ']';
}

function writeObject(obj: object, path: string, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(`${obj.constructor?.name ?? 'object'} is not a plain JSON object`, path);
  }
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 requires.
  const keys = Object.keys(obj).sort();
  const record = obj as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += writeString(key, path);
    out += ':';
    out += write(member, `${path}.${key}`, depth);
  }
  return out + '}';
}

// A lone surrogate cannot be encoded as UTF-8; JSON.stringify would escape it, JCS (I-JSON) forbids it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function writeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('string with a lone UTF-16 surrogate', path);
  return JSON.stringify(value); // same escapes as RFC 8785 §3.2.2.2 (\b \t \n \f \r \" \\ and \u00xx)
}

/** True when the string is well-formed UTF-16 (no lone surrogates), so its UTF-8 encoding is lossless. */
export function isWellFormedString(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
