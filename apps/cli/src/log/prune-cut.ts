import type { QueryRunner } from 'typeorm';
import { PRUNE_RECORD_TYPE } from '../ledger/pruned-prefix.js';

/** Beyond any index: where an open stay's span ends. */
const BEYOND = '9223372036854775807';

export interface CutPlan {
  /** Records 0 … done − 1 were pruned before (the latest log.pruned record says so). */
  readonly done: number;
  /** The highest cut the clock and the signatures allow: every record below it is old and signed. */
  readonly limit: number;
  readonly limitedBy: 'retention' | 'checkpoint';
  /** Prune [done, cut): the limit, moved back below every stay and attempt that would straddle it. */
  readonly cut: number;
  /** The span that set the cut last, when one did. */
  readonly heldBackBy?: { readonly what: string; readonly lo: number; readonly hi: number | null };
  /** Stays whose entry record lies in [done, cut): they leave the entry ledger with their records. */
  readonly stays: number;
}

/**
 * Where retention may cut the log: the largest index such that every record below it is older than the cutoff
 * and signed, no stay straddles it (a stay entered below the cut left below it), and nothing at or above it
 * names a stay, attempt or alarm below it (annotations name their stay by its entry attempt, alarm records their
 * alarm by id). The ledger rebuilt from
 * the remaining records is then exactly the remaining stays. Runs inside the caller's transaction.
 */
export async function planCut(q: QueryRunner, o: { logId: string; cutoff: Date; signedSize: number }): Promise<CutPlan> {
  const [declared] = await q.query(
    `SELECT (body->>'upToIdx')::bigint AS up_to FROM access_log WHERE log_id = $1 AND kind = 'admin' AND type = $2 ORDER BY idx DESC LIMIT 1`,
    [o.logId, PRUNE_RECORD_TYPE],
  );
  const done = Number(declared?.up_to ?? 0);
  // A record is old only when both clocks say so: a bridge's clock may lag, the api's receipt time does not.
  const [young] = await q.query(
    `SELECT min(idx)::bigint AS idx FROM access_log WHERE log_id = $1 AND idx >= $2 AND idx < $3 AND greatest(occurred_at, recorded_at) >= $4`,
    [o.logId, done, o.signedSize, o.cutoff],
  );
  const limit = young?.idx === null || young?.idx === undefined ? o.signedSize : Number(young.idx);
  const limitedBy = limit < o.signedSize ? 'retention' : 'checkpoint';
  if (limit <= done) return { done, limit, limitedBy, cut: done, stays: 0 };

  // Spans of records that must stay on one side of the cut.
  await q.query(`CREATE TEMP TABLE prune_spans (lo bigint NOT NULL, hi bigint NOT NULL, what text NOT NULL) ON COMMIT DROP`);
  // One attempt: its attempt and decision records, the door events of the passage, annotations on the stay it opened.
  await q.query(
    `INSERT INTO prune_spans
     SELECT min(a.idx), max(a.idx), 'attempt ' || a.attempt_id FROM access_log a
      WHERE a.log_id = $1 AND a.attempt_id IN (SELECT attempt_id FROM access_log WHERE log_id = $1 AND idx >= $2 AND idx < $3 AND attempt_id IS NOT NULL)
      GROUP BY a.attempt_id HAVING min(a.idx) < max(a.idx)`,
    [o.logId, done, limit],
  );
  // One stay: from its entry to its exit; an open stay to beyond the end of the log. Entered before the cutoff,
  // since its entry record is old.
  await q.query(
    `INSERT INTO prune_spans
     SELECT min(a.idx), CASE WHEN s.exited_at IS NULL THEN ${BEYOND} ELSE max(a.idx) END, 'stay ' || s.id || ' (entry attempt ' || s.entry_attempt_id || ')'
       FROM ledger_stays s JOIN access_log a ON a.log_id = $1 AND a.attempt_id IN (s.entry_attempt_id, s.exit_attempt_id)
      WHERE s.entered_at < $3
      GROUP BY s.id HAVING min(a.idx) < $2`,
    [o.logId, limit, o.cutoff],
  );
  // One alarm: the record that raised it to the last record naming it (clearing, acknowledgement; kind 'alarm').
  await q.query(
    `INSERT INTO prune_spans
     SELECT r.idx, max(c.idx), 'alarm ' || r.id FROM access_log c JOIN access_log r ON r.id::text = c.body->>'alarmId' AND r.log_id = c.log_id
      WHERE c.log_id = $1 AND c.kind = 'alarm' AND r.idx < $2
      GROUP BY r.id, r.idx`,
    [o.logId, limit],
  );
  // Moving the cut below one span can make it split another: iterate until nothing straddles it.
  let cut = limit;
  let heldBackBy: CutPlan['heldBackBy'];
  for (;;) {
    const [span] = await q.query(`SELECT lo::bigint, hi::bigint, what FROM prune_spans WHERE lo < $1 AND hi >= $1 ORDER BY lo LIMIT 1`, [cut]);
    if (!span) break;
    cut = Math.max(done, Number(span.lo));
    heldBackBy = { what: span.what, lo: Number(span.lo), hi: span.hi === BEYOND ? null : Number(span.hi) };
  }
  const [{ stays }] = await q.query(
    `SELECT count(*)::int AS stays FROM ledger_stays s WHERE ${STAY_PRUNED}`,
    [o.logId, done, cut, o.cutoff],
  );
  return { done, limit, limitedBy, cut, heldBackBy, stays };
}

/** A stay whose entry record is in [$2, $3) of log $1 (parameters: log, done, cut, cutoff). */
export const STAY_PRUNED = `s.entered_at < $4
  AND EXISTS (SELECT 1 FROM access_log a WHERE a.log_id = $1 AND a.attempt_id = s.entry_attempt_id AND a.idx >= $2 AND a.idx < $3)`;
