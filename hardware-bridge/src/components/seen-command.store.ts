import type { BridgeDatabase } from '../storage/bridge-database.js';

/** Remembers command ids until they expire, so a QoS 1 redelivery never pulses a strike twice. */
export interface SeenCommands {
  /** True the first time an id is seen; false for a duplicate. */
  remember(id: string, expiresAtMs: number, nowMs: number): boolean;
}

/**
 * In SQLite so a redelivery after a bridge restart is still recognised. Ids are kept until their command
 * expires (plus a margin): after that the expiry check refuses the command anyway.
 */
export class SqliteSeenCommands implements SeenCommands {
  private static readonly KEEP_AFTER_EXPIRY_MS = 60 * 60 * 1000;

  constructor(private readonly db: BridgeDatabase) {}

  remember(id: string, expiresAtMs: number, nowMs: number): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM seen_commands WHERE expires_at_ms < ?').run(nowMs - SqliteSeenCommands.KEEP_AFTER_EXPIRY_MS);
      return this.db.prepare('INSERT OR IGNORE INTO seen_commands (id, expires_at_ms) VALUES (?, ?)').run(id, expiresAtMs).changes === 1;
    })();
  }
}
