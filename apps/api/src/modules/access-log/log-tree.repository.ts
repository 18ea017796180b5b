import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Hash, NodeId } from '#domain';
import { DataSource, type EntityManager } from 'typeorm';
import { RECORDED_VERIFIER_KEYS_SQL } from './log-key-store.js';
import { MAIN_LOG } from './access-log.types.js';

export interface LogHead {
  size: number;
  root: Buffer | null;
}

export interface StoredCheckpoint {
  size: number;
  root: Buffer;
  note: string;
  keyId: string;
  /** Every key that signed it (unknown for checkpoints signed before key rotation existed). */
  verifierKeys?: string[];
  createdAt: Date;
}

/** Reads the Merkle tree the access log is stored as: head, leaf and interior node hashes, checkpoints. */
@Injectable()
export class LogTreeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async head(logId = MAIN_LOG, m: EntityManager = this.dataSource.manager): Promise<LogHead> {
    const [row] = await m.query('SELECT size, root FROM log_heads WHERE log_id = $1', [logId]);
    return { size: Number(row.size), root: row.root };
  }

  /** The stored hashes of these perfect subtrees (level 0 = leaves), keyed `level/index`. */
  async nodes(ids: readonly NodeId[], logId = MAIN_LOG): Promise<Map<string, Hash>> {
    const out = new Map<string, Hash>();
    const leaves = ids.filter((n) => n.level === 0).map((n) => n.index);
    const inner = ids.filter((n) => n.level > 0);
    if (leaves.length > 0) {
      const rows = await this.dataSource.query('SELECT idx, leaf_hash FROM access_log WHERE log_id = $1 AND idx = ANY($2::bigint[])', [logId, leaves]);
      for (const r of rows) out.set(`0/${r.idx}`, r.leaf_hash);
    }
    if (inner.length > 0) {
      const rows = await this.dataSource.query(
        'SELECT n.level, n.idx, n.hash FROM log_nodes n JOIN unnest($2::smallint[], $3::bigint[]) AS w(level, idx) ON w.level = n.level AND w.idx = n.idx WHERE n.log_id = $1',
        [logId, inner.map((n) => n.level), inner.map((n) => n.index)],
      );
      for (const r of rows) out.set(`${r.level}/${r.idx}`, r.hash);
    }
    return out;
  }

  async leafHash(idx: number, logId = MAIN_LOG): Promise<Buffer | undefined> {
    const [row] = await this.dataSource.query('SELECT leaf_hash FROM access_log WHERE log_id = $1 AND idx = $2', [logId, idx]);
    return row?.leaf_hash;
  }

  async latestCheckpoint(logId = MAIN_LOG, m: EntityManager = this.dataSource.manager): Promise<StoredCheckpoint | undefined> {
    const [row] = await m.query('SELECT * FROM checkpoints WHERE log_id = $1 ORDER BY size DESC LIMIT 1', [logId]);
    return row ? toCheckpoint(row) : undefined;
  }

  async checkpoint(size: number, logId = MAIN_LOG): Promise<StoredCheckpoint | undefined> {
    const [row] = await this.dataSource.query('SELECT * FROM checkpoints WHERE log_id = $1 AND size = $2', [logId, size]);
    return row ? toCheckpoint(row) : undefined;
  }

  async checkpoints(afterSize: number, limit: number, logId = MAIN_LOG): Promise<StoredCheckpoint[]> {
    const rows = await this.dataSource.query('SELECT * FROM checkpoints WHERE log_id = $1 AND size > $2 ORDER BY size LIMIT $3', [logId, afterSize, limit]);
    return rows.map(toCheckpoint);
  }

  /** Every verifier key that signed one of the log's checkpoints, in the order first used. */
  async recordedVerifierKeys(logId = MAIN_LOG): Promise<string[]> {
    return (await this.dataSource.query(RECORDED_VERIFIER_KEYS_SQL, [logId])).map((r: { key: string }) => r.key);
  }

  async insertCheckpoint(m: EntityManager, c: StoredCheckpoint, logId = MAIN_LOG): Promise<void> {
    await m.query(
      'INSERT INTO checkpoints (log_id, size, root, note, key_id, verifier_keys, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [logId, c.size, c.root, c.note, c.keyId, c.verifierKeys ?? null, c.createdAt],
    );
  }
}

function toCheckpoint(r: Record<string, never>): StoredCheckpoint {
  return { size: Number(r.size), root: r.root, note: r.note, keyId: r.key_id, verifierKeys: r.verifier_keys ?? undefined, createdAt: r.created_at };
}
