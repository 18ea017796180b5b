import { encodePayload, type SealedCredentialCache } from '#contracts';
import type { BridgeDatabase } from '../storage/bridge-database.js';

/**
 * Keeps the credential cache at rest exactly as the api sealed it (AES-256-GCM). The plaintext — PIN
 * verifiers, vein templates — never touches the disk.
 */
export class SealedCacheStore {
  constructor(private readonly db: BridgeDatabase) {}

  save(sealed: SealedCredentialCache, storedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO credential_cache (slot, version, envelope_json, stored_at) VALUES (1, ?, ?, ?)
         ON CONFLICT(slot) DO UPDATE SET version = excluded.version, envelope_json = excluded.envelope_json,
           stored_at = excluded.stored_at`,
      )
      .run(sealed.version, encodePayload(sealed).toString('utf8'), storedAt);
  }

  /** The stored envelope as raw JSON text; the caller decodes and validates it like any inbound payload. */
  loadRaw(): string | undefined {
    const row = this.db.prepare('SELECT envelope_json FROM credential_cache WHERE slot = 1').get() as
      | { envelope_json: string }
      | undefined;
    return row?.envelope_json;
  }
}
