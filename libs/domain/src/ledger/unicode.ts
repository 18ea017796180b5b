// A lone surrogate cannot be encoded as UTF-8 (Buffer would silently write U+FFFD), so it is rejected.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string is well-formed UTF-16 (no lone surrogates), so its UTF-8 encoding is lossless. */
export function isWellFormedString(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
