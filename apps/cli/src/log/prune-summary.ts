import { redact } from '../ledger/export-command.js';
import type { Applied } from './prune-apply.js';
import type { CutPlan } from './prune-cut.js';

export interface PruneReport {
  readonly database: { readonly url: string; readonly from: string };
  readonly retention: { readonly days: number; readonly from: string };
  readonly cutoff: Date;
  readonly before?: string;
  readonly logId: string;
  readonly plan: CutPlan;
  /** Absent on a dry run, or when there was nothing to prune. */
  readonly applied?: Applied;
  readonly export?: { readonly dir: string; readonly manifestSha256: string; readonly records: number };
  readonly seconds: number;
}

const n = (v: number): string => v.toLocaleString('en-US');
const range = (from: number, to: number): string => (to > from ? `records ${n(from)}…${n(to - 1)} (${n(to - from)})` : 'no records');

/** The operator's report, bilingual like the verifier's. */
export function printPrune(r: PruneReport, say: (line: string) => void): void {
  const { plan } = r;
  const row = (label: string, text: string) => say(`  ${label.padEnd(12)}${text}`);
  say('アクセスログの保存期間処理 / Access-log retention');
  row('database', `${redact(r.database.url)} (from ${r.database.from}), log ${r.logId}`);
  row('retention', `${n(r.retention.days)} days (${r.retention.from})${r.before ? `, --before ${r.before}` : ''} → cutoff ${r.cutoff.toISOString()}`);
  if (r.export) row('export', `${r.export.dir}: ${n(r.export.records)} records verified with the log's key; manifest SHA-256 ${r.export.manifestSha256}`);
  row('limit', `${n(plan.limit)}: ${plan.limitedBy === 'retention' ? `record ${n(plan.limit)} is not older than the cutoff` : `the latest checkpoint${r.export ? ' in the export' : ''} covers ${n(plan.limit)} records`}`);
  row('cut', plan.heldBackBy
    ? `${n(plan.cut)}: held back so that no stay, attempt or alarm is split (last: ${plan.heldBackBy.what}, records ${n(plan.heldBackBy.lo)}…${plan.heldBackBy.hi === null ? 'still open' : n(plan.heldBackBy.hi)})`
    : `${n(plan.cut)}`);
  if (plan.done > 0) row('earlier', `records 0…${n(plan.done - 1)} were pruned before`);
  const what = `${range(plan.done, plan.cut)}, and ${n(plan.stays)} stay(s) entered in them`;
  if (r.applied) {
    row('pruned', `${range(plan.done, plan.cut)} redacted in place, leaf hashes kept; ${n(r.applied.stays)} stay(s) removed from the entry ledger`);
    row('recorded', `log.pruned record ${n(r.applied.recordIdx)} (signed with the next checkpoint)`);
  }
  row('took', `${r.seconds.toFixed(1)} s`);
  say('');
  if (r.applied) say(`結果 / Result: OK — ${n(r.applied.records)} record(s) pruned / 保存期間を過ぎた記録を整理しました`);
  else if (plan.cut <= plan.done) say('結果 / Result: nothing to prune / 整理する記録はありません');
  else say(`結果 / Result: dry run, nothing changed — would prune ${what} / 試行のみ（変更なし）`);
}
