import { createHash } from 'node:crypto';

/**
 * A record id derived from the fact it records (a UUID of version 8, RFC 9562, from SHA-256 of the parts).
 * Every api process that sees the same fact derives the same id, and the log stores an id once, so two
 * processes (or one restarted) never record the same alarm twice.
 */
export function derivedRecordId(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
