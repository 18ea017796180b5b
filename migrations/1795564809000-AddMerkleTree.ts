import { recordLeafHash, TreeFrontier } from '#domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log becomes an RFC 6962 Merkle tree: each record keeps its leaf hash, the head row keeps the tree's
 * frontier and root, completed interior nodes are stored (proofs in O(log n)), and signed checkpoints are kept.
 * Nodes and checkpoints are append-only like the records. Existing records get their leaf hashes here.
 */
export class AddMerkleTree1795564809000 implements MigrationInterface {
  name = 'AddMerkleTree1795564809000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log ADD COLUMN leaf_hash bytea CHECK (octet_length(leaf_hash) = 32)`);
    await q.query(`ALTER TABLE log_heads ADD COLUMN frontier bytea[] NOT NULL DEFAULT '{}', ADD COLUMN root bytea`);
    await q.query(`
      CREATE TABLE log_nodes (
        log_id  text NOT NULL REFERENCES log_heads(log_id),
        level   smallint NOT NULL CHECK (level >= 1),
        idx     bigint NOT NULL CHECK (idx >= 0),
        hash    bytea NOT NULL CHECK (octet_length(hash) = 32),
        PRIMARY KEY (log_id, level, idx)
      )`);
    await q.query(`
      CREATE TABLE checkpoints (
        log_id      text NOT NULL REFERENCES log_heads(log_id),
        size        bigint NOT NULL CHECK (size > 0),
        root        bytea NOT NULL CHECK (octet_length(root) = 32),
        note        text NOT NULL,
        key_id      text NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (log_id, size)
      )`);
    for (const table of ['log_nodes', 'checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION access_log_reject_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION access_log_reject_change()`);
    }
    await this.backfill(q);
    await q.query(`ALTER TABLE access_log ALTER COLUMN leaf_hash SET NOT NULL`);
  }

  /** Leaf hashes, nodes and frontiers for records written before this migration (owner-only, triggers paused). */
  private async backfill(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete`);
    for (const { log_id: logId } of await q.query(`SELECT log_id FROM log_heads`)) {
      const frontier = TreeFrontier.empty();
      const rows = await q.query(`SELECT * FROM access_log WHERE log_id = $1 ORDER BY idx`, [logId]);
      for (const r of rows) {
        const leaf = recordLeafHash({
          logId, idx: Number(r.idx), id: r.id, kind: r.kind, type: r.type, occurredAt: r.occurred_at, recordedAt: r.recorded_at, source: r.source,
          sourceSeq: r.source_seq === null ? null : Number(r.source_seq), attemptId: r.attempt_id, personId: r.person_id, areaId: r.area_id,
          doorId: r.door_id, readerId: r.reader_id, outcome: r.outcome, reason: r.reason, body: r.body,
        });
        await q.query(`UPDATE access_log SET leaf_hash = $3 WHERE log_id = $1 AND idx = $2`, [logId, r.idx, leaf]);
        const nodes: Array<[number, number, Buffer]> = [];
        frontier.append(leaf, (level, index, hash) => nodes.push([level, index, Buffer.from(hash)]));
        for (const [level, index, hash] of nodes) {
          await q.query(`INSERT INTO log_nodes (log_id, level, idx, hash) VALUES ($1, $2, $3, $4)`, [logId, level, index, hash]);
        }
      }
      await q.query(`UPDATE log_heads SET frontier = $2, root = $3 WHERE log_id = $1`, [logId, frontier.hashes, frontier.root()]);
    }
    await q.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checkpoints`);
    await q.query(`DROP TABLE log_nodes`);
    await q.query(`ALTER TABLE log_heads DROP COLUMN root, DROP COLUMN frontier`);
    await q.query(`ALTER TABLE access_log DROP COLUMN leaf_hash`);
  }
}
