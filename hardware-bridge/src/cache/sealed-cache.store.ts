import { encodePayload, type SealedCredentialCache } from '#contracts';
import type { BridgeDatabase } from '../storage/bridge-database.js';

export interface StoredCache {
  snapshot: string;
  /** Delta envelopes in version order, each as raw JSON text. */
  deltas: string[];
}

/**
 * Keeps the credential cache at rest exactly as the api sealed and signed it (AES-256-GCM, Ed25519): the last
 * full snapshot and the deltas received since. The plaintext — PIN verifiers, vein templates, card hashes and
 * the card key — never touches the disk.
 */
export class SealedCacheStore {
  constructor(private readonly db: BridgeDatabase) {}

  /** A snapshot replaces everything, deltas included, in one transaction. */
  saveSnapshot(sealed: SealedCredentialCache, storedAt: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO credential_cache (slot, version, envelope_json, stored_at) VALUES (1, ?, ?, ?)
           ON CONFLICT(slot) DO UPDATE SET version = excluded.version, envelope_json = excluded.envelope_json,
             stored_at = excluded.stored_at`,
        )
        .run(sealed.version, encodePayload(sealed).toString('utf8'), storedAt);
      this.db.prepare('DELETE FROM credential_cache_deltas').run();
    })();
  }

  appendDelta(sealed: SealedCredentialCache, storedAt: string): void {
    this.db
      .prepare('INSERT INTO credential_cache_deltas (version, base_version, envelope_json, stored_at) VALUES (?, ?, ?, ?)')
      .run(sealed.version, sealed.baseVersion ?? 0, encodePayload(sealed).toString('utf8'), storedAt);
  }

  /** Forgets deltas above this version (a stored delta that no longer applies, and everything after it). */
  dropDeltasAbove(version: number): void {
    this.db.prepare('DELETE FROM credential_cache_deltas WHERE version > ?').run(version);
  }

  deltaCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM credential_cache_deltas').get() as { n: number }).n;
  }

  /** The stored envelopes as raw JSON text; the caller decodes and validates them like any inbound payload. */
  loadRaw(): StoredCache | undefined {
    const row = this.db.prepare('SELECT envelope_json FROM credential_cache WHERE slot = 1').get() as { envelope_json: string } | undefined;
    if (!row) return undefined;
    const deltas = this.db.prepare('SELECT envelope_json FROM credential_cache_deltas ORDER BY version').all() as Array<{ envelope_json: string }>;
    return { snapshot: row.envelope_json, deltas: deltas.map((d) => d.envelope_json) };
  }
}
