import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type BridgeDatabase = Database.Database;

/** Schema steps, applied in order and tracked by `PRAGMA user_version`. Never edit a step; append one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE bridge_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE outbox_events (
     seq          INTEGER PRIMARY KEY,
     id           TEXT NOT NULL UNIQUE,
     type         TEXT NOT NULL,
     occurred_at  TEXT NOT NULL,
     door_id      TEXT,
     reader_id    TEXT,
     attempt_id   TEXT,
     payload_json TEXT NOT NULL
   );
   CREATE TABLE credential_cache (
     slot          INTEGER PRIMARY KEY CHECK (slot = 1),
     version       INTEGER NOT NULL,
     envelope_json TEXT NOT NULL,
     stored_at     TEXT NOT NULL
   );
   CREATE TABLE seen_commands (id TEXT PRIMARY KEY, expires_at_ms INTEGER NOT NULL);`,
  // Deltas as received, applied in order on top of the stored snapshot at start; a new snapshot clears them.
  `CREATE TABLE credential_cache_deltas (
     version       INTEGER PRIMARY KEY,
     base_version  INTEGER NOT NULL,
     envelope_json TEXT NOT NULL,
     stored_at     TEXT NOT NULL
   );`,
];

/**
 * Opens (creating if needed) the bridge's SQLite file. WAL + synchronous=FULL: a returned `append` survives
 * a power cut, which is the whole point of the outbox. The file is bound to one bridge id so a data dir
 * copied to another bridge cannot reuse its event sequence.
 */
export function openBridgeDatabase(path: string, bridgeId: string): BridgeDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    bindBridgeId(db, bridgeId);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: BridgeDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`bridge database schema ${current} is newer than this bridge understands (${MIGRATIONS.length})`);
  }
  for (let step = current; step < MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step]);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

function bindBridgeId(db: BridgeDatabase, bridgeId: string): void {
  const row = db.prepare('SELECT value FROM bridge_meta WHERE key = ?').get('bridge_id') as { value: string } | undefined;
  if (row === undefined) {
    db.prepare('INSERT INTO bridge_meta (key, value) VALUES (?, ?)').run('bridge_id', bridgeId);
  } else if (row.value !== bridgeId) {
    throw new Error(`bridge database belongs to bridge ${row.value}, not ${bridgeId}: use another BRIDGE_DATA_DIR`);
  }
}
