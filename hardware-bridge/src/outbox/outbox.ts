import { uuidv7 } from 'uuidv7';
import type { BridgeEvent, BridgeEventType } from '#contracts';
import { isoNow, type Clock } from '../clock/clock.js';
import { TypedEmitter, type EventSource } from '../events/typed-emitter.js';
import type { BridgeDatabase } from '../storage/bridge-database.js';

export interface OutboxFields {
  doorId?: string;
  readerId?: string;
  attemptId?: string;
  /** Type-specific fields (`eventPayloadClasses[type]`); never PINs or templates. */
  payload?: object;
}

interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  occurred_at: string;
  door_id: string | null;
  reader_id: string | null;
  attempt_id: string | null;
  payload_json: string;
}

export interface OutboxEvents {
  appended: BridgeEvent;
}

/**
 * The durable event outbox. `append` commits (fsync'd, WAL + synchronous=FULL) before it returns, so an event
 * the bridge has acted on survives a crash. Rows leave only when the api acks their ids.
 */
export class Outbox implements EventSource<OutboxEvents> {
  private readonly emitter = new TypedEmitter<OutboxEvents>();
  private readonly insert;
  private readonly nextSeq;

  constructor(
    private readonly db: BridgeDatabase,
    private readonly bridgeId: string,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      `INSERT INTO outbox_events (seq, id, type, occurred_at, door_id, reader_id, attempt_id, payload_json)
       VALUES (@seq, @id, @type, @occurred_at, @door_id, @reader_id, @attempt_id, @payload_json)`,
    );
    // The sequence lives in bridge_meta, not max(seq): acked rows are deleted, and seq must never go back.
    const readSeq = db.prepare(`SELECT value FROM bridge_meta WHERE key = 'last_seq'`);
    const writeSeq = db.prepare(
      `INSERT INTO bridge_meta (key, value) VALUES ('last_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.nextSeq = (): number => {
      const row = readSeq.get() as { value: string } | undefined;
      const seq = (row ? Number(row.value) : 0) + 1;
      writeSeq.run(String(seq));
      return seq;
    };
  }

  on<K extends keyof OutboxEvents>(event: K, listener: (value: OutboxEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  append(type: BridgeEventType, fields: OutboxFields = {}): BridgeEvent {
    const event = this.db.transaction((): BridgeEvent => {
      const built: BridgeEvent = {
        id: uuidv7(),
        seq: this.nextSeq(),
        type,
        occurredAt: isoNow(this.clock),
        bridgeId: this.bridgeId,
        ...(fields.doorId !== undefined && { doorId: fields.doorId }),
        ...(fields.readerId !== undefined && { readerId: fields.readerId }),
        ...(fields.attemptId !== undefined && { attemptId: fields.attemptId }),
        payload: { ...(fields.payload ?? {}) },
      };
      this.insert.run({
        seq: built.seq,
        id: built.id,
        type: built.type,
        occurred_at: built.occurredAt,
        door_id: built.doorId ?? null,
        reader_id: built.readerId ?? null,
        attempt_id: built.attemptId ?? null,
        payload_json: JSON.stringify(built.payload),
      });
      return built;
    })();
    this.emitter.emit('appended', event);
    return event;
  }

  /** Pending events with `seq > afterSeq`, oldest first. */
  pending(afterSeq = 0, limit = 100): BridgeEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox_events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit) as OutboxRow[];
    return rows.map((row) => toEvent(row, this.bridgeId));
  }

  /** Deletes the acked events; returns how many were still here (duplicated acks are harmless). */
  acknowledge(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    const del = this.db.prepare('DELETE FROM outbox_events WHERE id = ?');
    return this.db.transaction(() => ids.reduce((n, id) => n + del.run(id).changes, 0))();
  }

  depth(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM outbox_events').get() as { n: number }).n;
  }
}

function toEvent(row: OutboxRow, bridgeId: string): BridgeEvent {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type as BridgeEventType,
    occurredAt: row.occurred_at,
    bridgeId,
    ...(row.door_id !== null && { doorId: row.door_id }),
    ...(row.reader_id !== null && { readerId: row.reader_id }),
    ...(row.attempt_id !== null && { attemptId: row.attempt_id }),
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
  };
}
