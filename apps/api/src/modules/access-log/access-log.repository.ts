import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordLeafHash, TreeFrontier, type LedgerRecord } from '#domain';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter.js';
import { MAIN_LOG, type AppendResult, type LogKind, type LogRecord, type NewLogRecord, type PrunedLeaf } from './access-log.types.js';

const COLUMNS = [
  'log_id', 'idx', 'id', 'kind', 'type', 'occurred_at', 'recorded_at', 'source', 'source_seq', 'attempt_id',
  'person_id', 'area_id', 'door_id', 'reader_id', 'outcome', 'reason', 'body', 'leaf_hash',
] as const;

/**
 * The record exactly as it will be stored and read back: the body through JSON (as jsonb keeps it: Dates become
 * strings, undefined members vanish), the source clock at millisecond precision.
 */
function storedForm(r: NewLogRecord, logId: string, idx: number, recordedAt: Date): LedgerRecord {
  return {
    logId, idx, id: r.id.toLowerCase(), kind: r.kind, type: r.type, occurredAt: new Date(r.occurredAt.getTime()), recordedAt, source: r.source,
    sourceSeq: r.sourceSeq ?? null, attemptId: r.attemptId ?? null, personId: r.personId ?? null, areaId: r.areaId ?? null,
    doorId: r.doorId ?? null, readerId: r.readerId ?? null, outcome: r.outcome ?? null, reason: r.reason ?? null,
    body: JSON.parse(JSON.stringify(r.body)) as unknown,
  };
}

export interface LogQuery {
  kind?: LogKind;
  attemptId?: string;
  personId?: string;
  doorId?: string;
  areaId?: string;
  outcome?: 'grant' | 'deny';
  /** Records about people of this contractor company. */
  companyId?: string;
  from?: Date;
  to?: Date;
  /** Only records older than this position in (occurredAt, idx) order: paging backwards from the newest. */
  before?: { occurredAt: Date; idx: number };
  limit: number;
}

/**
 * The only code that writes the access log. Appends are serialised by locking the log's head row, so the
 * log never forks and indexes stay dense (they become Merkle leaf indexes); duplicates are stored once.
 */
@Injectable()
export class AccessLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends inside the caller's transaction (`manager` from `dataSource.transaction`): each new record gets its
   * index, the api's receipt time and its RFC 6962 leaf hash; the tree's frontier, root and completed interior
   * nodes are stored with it, so the log head always describes exactly the records committed.
   */
  async append(manager: EntityManager, records: NewLogRecord[], logId = MAIN_LOG): Promise<AppendResult> {
    if (records.length === 0) return { appended: [], duplicates: [] };
    const [head] = await manager.query('SELECT size, frontier FROM log_heads WHERE log_id = $1 FOR UPDATE', [logId]);
    if (!head) throw new Error(`access log ${logId} has no head row`);
    const existing = new Set<string>(
      (await manager.query('SELECT id FROM access_log WHERE id = ANY($1::uuid[])', [records.map((r) => r.id)])).map(
        (row: { id: string }) => row.id,
      ),
    );
    const seen = new Set<string>();
    const fresh = records.filter((r) => !existing.has(r.id) && !seen.has(r.id) && seen.add(r.id));
    const duplicates = records.filter((r) => !fresh.includes(r)).map((r) => r.id);
    if (fresh.length === 0) return { appended: [], duplicates };

    const frontier = TreeFrontier.restore(Number(head.size), head.frontier);
    // Millisecond precision: exactly what is read back and hashed again by any verifier.
    const recordedAt = new Date();
    const nodes: Array<[number, number, Buffer]> = [];
    const rows = fresh.map((r) => {
      const stored = storedForm(r, logId, frontier.size, recordedAt);
      const leafHash = recordLeafHash(stored);
      frontier.append(leafHash, (level, index, hash) => nodes.push([level, index, Buffer.from(hash)]));
      return { stored, leafHash };
    });
    await this.insertRecords(manager, rows);
    if (nodes.length > 0) {
      await manager.query(
        'INSERT INTO log_nodes (log_id, level, idx, hash) SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::bytea[])',
        [logId, nodes.map((n) => n[0]), nodes.map((n) => n[1]), nodes.map((n) => n[2])],
      );
    }
    await manager.query('UPDATE log_heads SET size = $2, frontier = $3, root = $4 WHERE log_id = $1', [logId, frontier.size, frontier.hashes, frontier.root()]);
    return { appended: fresh.map((r) => r.id), duplicates };
  }

  /** One INSERT per group: column arrays through unnest() parse and plan once, however many rows. */
  private async insertRecords(manager: EntityManager, rows: Array<{ stored: LedgerRecord; leafHash: Buffer }>): Promise<void> {
    const col = <T>(pick: (r: LedgerRecord) => T) => rows.map(({ stored }) => pick(stored));
    await manager.query(
      `INSERT INTO access_log (${COLUMNS.join(', ')})
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[],
                            $9::bigint[], $10::uuid[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::jsonb[], $18::bytea[])`,
      [
        col((r) => r.logId), col((r) => r.idx), col((r) => r.id), col((r) => r.kind), col((r) => r.type), col((r) => r.occurredAt),
        col((r) => r.recordedAt), col((r) => r.source), col((r) => r.sourceSeq ?? null), col((r) => r.attemptId ?? null),
        col((r) => r.personId ?? null), col((r) => r.areaId ?? null), col((r) => r.doorId ?? null), col((r) => r.readerId ?? null),
        col((r) => r.outcome ?? null), col((r) => r.reason ?? null), col((r) => JSON.stringify(r.body)), rows.map((r) => r.leafHash),
      ],
    );
  }

  async appendInTransaction(records: NewLogRecord[]): Promise<AppendResult> {
    return this.dataSource.transaction((manager) => this.append(manager, records));
  }

  /** A record by id. A pruned one is no record (append still refuses its id again, so duplicates stay harmless). */
  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<LogRecord | undefined> {
    const rows = await manager.query(`SELECT * FROM access_log WHERE id = $1 AND pruned_at IS NULL`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async findByAttempt(attemptId: string, manager: EntityManager = this.dataSource.manager): Promise<LogRecord[]> {
    const rows = await manager.query(`SELECT * FROM access_log WHERE attempt_id = $1 ORDER BY idx`, [attemptId]);
    return rows.map(toRecord);
  }

  async query(q: LogQuery, logId = MAIN_LOG): Promise<LogRecord[]> {
    const f = new SqlFilter([['log_id = ? AND pruned_at IS NULL', logId]])
      .add('kind = ?', q.kind)
      .add('attempt_id = ?', q.attemptId)
      .add('person_id = ?', q.personId)
      .add('door_id = ?', q.doorId)
      .add('area_id = ?', q.areaId)
      .add('outcome = ?', q.outcome)
      .add('person_id IN (SELECT id FROM people WHERE company_id = ?)', q.companyId)
      .add('occurred_at >= ?', q.from)
      .add('occurred_at < ?', q.to)
      .add('(occurred_at, idx) < (?, ?)', q.before?.occurredAt, q.before?.idx);
    const rows = await this.dataSource.query(`SELECT * FROM access_log ${f.where} ORDER BY occurred_at DESC, idx DESC LIMIT ${f.next(q.limit)}`, f.params);
    return rows.map(toRecord);
  }

  /** Records `start`… in index order, with their stored leaf hashes; pruned records are left out. */
  async range(start: number, limit: number, logId = MAIN_LOG): Promise<Array<LogRecord & { leafHash: Buffer }>> {
    const rows = await this.dataSource.query('SELECT * FROM access_log WHERE log_id = $1 AND idx >= $2 AND pruned_at IS NULL ORDER BY idx LIMIT $3', [logId, start, limit]);
    return rows.map((row: Record<string, unknown>) => ({ ...toRecord(row), leafHash: row.leaf_hash as Buffer }));
  }

  /** Every leaf from `start` in index order: the record with its stored leaf hash, or only the hash once pruned. */
  async entries(start: number, limit: number, logId = MAIN_LOG): Promise<Array<(LogRecord & { leafHash: Buffer }) | PrunedLeaf>> {
    const rows = await this.dataSource.query('SELECT * FROM access_log WHERE log_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3', [logId, start, limit]);
    return rows.map((row: Record<string, unknown>) => row.pruned_at === null
      ? { ...toRecord(row), leafHash: row.leaf_hash as Buffer }
      : { logId: row.log_id as string, idx: Number(row.idx), leafHash: row.leaf_hash as Buffer, pruned: true as const });
  }

  async size(logId = MAIN_LOG): Promise<number> {
    const [row] = await this.dataSource.query('SELECT size FROM log_heads WHERE log_id = $1', [logId]);
    return Number(row?.size ?? 0);
  }
}

function toRecord(row: Record<string, unknown>): LogRecord {
  const opt = <T>(v: unknown): T | undefined => (v === null ? undefined : (v as T));
  return {
    logId: row.log_id as string,
    idx: Number(row.idx),
    id: row.id as string,
    kind: row.kind as LogKind,
    type: row.type as string,
    occurredAt: row.occurred_at as Date,
    recordedAt: row.recorded_at as Date,
    source: row.source as string,
    sourceSeq: row.source_seq === null ? undefined : Number(row.source_seq),
    attemptId: opt(row.attempt_id),
    personId: opt(row.person_id),
    areaId: opt(row.area_id),
    doorId: opt(row.door_id),
    readerId: opt(row.reader_id),
    outcome: opt(row.outcome),
    reason: opt(row.reason),
    body: row.body as Record<string, unknown>,
  };
}
