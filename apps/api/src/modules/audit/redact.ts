const SECRET_KEY = /pin|password|passwd|template|secret|verifier|token|sealed|totp|card_?number|card_?hash/i;

/** A copy safe for the audit record: any field whose name suggests a secret is replaced by a marker. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return '[binary]';
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? (v === null || v === undefined ? v : '[redacted]') : redactSecrets(v)]),
    );
  }
  return value;
}
