import type { QueryRunner } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { AccessLogRepository } from '../../../api/src/modules/access-log/access-log.repository.js';
import { LogKind, PRUNED_KIND } from '../../../api/src/modules/access-log/access-log.types.js';
import { PRUNE_RECORD_TYPE } from '../ledger/pruned-prefix.js';
import { STAY_PRUNED, type CutPlan } from './prune-cut.js';

/** Everything a pruned record loses (the migration's CHECK insists on exactly these). */
const REDACT = `kind = '${PRUNED_KIND}', type = NULL, recorded_at = NULL, source = NULL, source_seq = NULL, attempt_id = NULL, person_id = NULL,
  area_id = NULL, door_id = NULL, reader_id = NULL, outcome = NULL, reason = NULL, body = NULL, pruned_at = now()`;

export interface Applied {
  readonly records: number;
  readonly stays: number;
  /** Index of the log.pruned record. */
  readonly recordIdx: number;
}

/**
 * Inside the caller's transaction, which holds the log head: removes the stays entered in [done, cut) from the
 * entry ledger (their day reviews stay), redacts the records [done, cut) in place — leaf hashes, indexes, ids
 * and occurred_at untouched — and appends the log.pruned record that declares it. The append-only trigger is
 * paused only here: ALTER TABLE is transactional, so no other session ever sees it off.
 */
export async function applyPrune(q: QueryRunner, repo: AccessLogRepository, logId: string, plan: CutPlan, cutoff: Date, body: Record<string, unknown>): Promise<Applied> {
  const deleted = await q.query(`DELETE FROM ledger_stays s WHERE ${STAY_PRUNED}`, [logId, plan.done, plan.cut, cutoff], true);
  await q.query('ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete');
  const redacted = await q.query(`UPDATE access_log SET ${REDACT} WHERE log_id = $1 AND idx >= $2 AND idx < $3 AND pruned_at IS NULL`, [logId, plan.done, plan.cut], true);
  await q.query('ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete');
  const id = uuidv7();
  await repo.append(q.manager, [{
    id, kind: LogKind.Admin, type: PRUNE_RECORD_TYPE, occurredAt: new Date(), source: 'acs-cli',
    body: { upToIdx: plan.cut, previousUpToIdx: plan.done, cutoff: cutoff.toISOString(), records: redacted.affected ?? 0, stays: deleted.affected ?? 0, ...body },
  }], logId);
  const [{ idx }] = await q.query('SELECT idx FROM access_log WHERE id = $1', [id]);
  return { records: redacted.affected ?? 0, stays: deleted.affected ?? 0, recordIdx: Number(idx) };
}
