import { formatRate } from './progress-bar.js';
import type { VerifyResult } from './verify-command.js';

const MAX_LISTED = 20;
const n = (v: number): string => v.toLocaleString('en-US');
/** Terminal columns: CJK characters take two, so the labels line up in a Japanese terminal too. */
const columns = (s: string): number => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/u.test(c) ? 2 : 1), 0);
const padLabel = (s: string, width: number): string => s + ' '.repeat(Math.max(1, width - columns(s)));

/** The human report: one line per check, bilingual labels, the first bad index on failure. */
export function printSummary(r: VerifyResult, say: (line: string) => void): void {
  const rec = r.records;
  const rep = rec.report;
  const row = (label: string, ok: boolean | undefined, text: string) => say(`${padLabel(label, 34)}${ok === undefined ? '-' : ok ? '✓' : '✗'} ${text}`);
  say('台帳エクスポートの検証 / Ledger export verification');
  say(`  ${r.root}`);
  say(`  origin ${r.origin}, log ${r.manifest.logId}, exported ${r.manifest.exportedAt}, tree size ${n(r.manifest.treeSize)}`);
  say(`  trusted key(s): ${r.keys.verifiers.map((v) => v.verifierKey).join(', ')} (${r.keys.source === 'given' ? 'given' : 'from the export itself'})`);
  say('');
  row('ファイル / Files', r.files.length === 0, r.files.length === 0 ? `${r.manifest.files.length} files match manifest.json (SHA-256)` : `${r.files.length} file problem(s)`);
  const recordProblems = rep.problems.filter((p) => p.problem !== 'bad-checkpoint' && p.problem !== 'forked-checkpoints' && p.problem !== 'no-checkpoint');
  const speed = `${formatRate(rep.entriesProcessed / Math.max(rec.seconds, 1e-6))} records/s, ${rec.mode === 'parallel' ? `${rec.workers} worker threads` : 'one thread'}${rec.fallback ? ' (re-checked on one thread)' : ''}`;
  const pruned = r.retention?.pruned ?? 0;
  const read = pruned > 0 ? `read (${n(pruned)} pruned: leaf hash only), every other leaf hash recomputed` : 'read, every leaf hash recomputed';
  row('記録 / Records', recordProblems.length === 0 && rec.complete,
    `${n(rep.entriesProcessed)} of ${n(r.manifest.counts?.records ?? r.manifest.treeSize)} records ${rec.complete ? read : 'read before the first problem'}; ${rec.seconds.toFixed(2)} s, ${speed}`);
  const cpProblems = rec.problems.filter((p) => p.problem === 'bad-checkpoint' || p.problem === 'forked-checkpoints' || p.problem === 'no-checkpoint');
  row('チェックポイント / Checkpoints', cpProblems.length === 0 && rep.checkpointsVerified === rep.checkpointsTotal,
    `${n(rep.checkpointsVerified)} of ${n(rep.checkpointsTotal)} signed checkpoints verified and consistent with one tree`
      + (rep.latestCheckpoint ? `; latest covers ${n(rep.latestCheckpoint.size)}` : ''));
  const ret = r.retention;
  if (ret && (ret.pruned > 0 || ret.declaration || ret.problems.length > 0)) {
    row('保存期間 / Retention', ret.problems.length === 0, ret.problems.length > 0 ? `${n(ret.problems.length)} problem(s) with pruned records`
      : ret.pruned > 0 ? `records 0…${n(ret.pruned - 1)} pruned (leaf hashes kept, still under the old checkpoints), as log.pruned record ${ret.declaration!.idx} declares` : 'nothing pruned');
  }
  if (rep.unsignedTail > 0 && rec.complete) row('未署名 / Not yet signed', undefined, `${n(rep.unsignedTail)} record(s) after the latest checkpoint (consistent, not yet covered by a signature)`);
  if (r.ledger) {
    row('入退室管理簿 / Ledger', r.ledger.mismatches.length === 0,
      r.ledger.mismatches.length === 0
        ? `${n(r.ledger.rebuiltStays)} stays rebuilt from the records equal the ${n(r.ledger.sheetStays)} rows of ledger/stays.ndjson`
        : `${n(r.ledger.mismatches.length)} difference(s) between the rebuilt stays (${n(r.ledger.rebuiltStays)}) and the sheet (${n(r.ledger.sheetStays)})`);
  } else {
    row('入退室管理簿 / Ledger', undefined, 'not compared: the records did not all verify');
  }

  const details = [
    ...rec.problems.map((p) => p.message),
    ...r.files.map((f) => f.message),
    ...(r.ledger?.mismatches ?? []).map((m) => m.message),
    ...(r.retention?.problems ?? []).map((p) => p.message),
  ];
  if (details.length > 0) {
    say('');
    say('問題 / Problems');
    for (const d of details.slice(0, MAX_LISTED)) say(`  - ${d}`);
    if (details.length > MAX_LISTED) say(`  … and ${n(details.length - MAX_LISTED)} more`);
  }
  if (r.warnings.length > 0) {
    say('');
    say('注意 / Warnings');
    for (const w of r.warnings.slice(0, MAX_LISTED)) say(`  ! ${w}`);
    if (r.warnings.length > MAX_LISTED) say(`  … and ${n(r.warnings.length - MAX_LISTED)} more`);
  }
  say('');
  if (r.firstBadIndex !== undefined) say(`最初の不正箇所 / First bad index: ${r.firstBadIndex}`);
  else if (r.suspectRange) say(`最初の不正箇所 / First bad index: in [${r.suspectRange.from}, ${r.suspectRange.to}) (the records and their stored hashes were both rewritten)`);
  say(r.ok ? '結果 / Result: OK — 検証成功, everything verifies' : `結果 / Result: FAILED — 検証失敗 (${n(details.length)} problem(s))`);
}

/** The same result as JSON (--json), for scripts; Buffers as base64. */
export function summaryJson(r: VerifyResult): string {
  const rep = r.records.report;
  return JSON.stringify({
    ok: r.ok,
    export: { dir: r.root, origin: r.origin, logId: r.manifest.logId, treeSize: r.manifest.treeSize, exportedAt: r.manifest.exportedAt },
    keys: { source: r.keys.source, verifierKeys: r.keys.verifiers.map((v) => v.verifierKey) },
    records: {
      processed: rep.entriesProcessed, complete: r.records.complete, seconds: r.records.seconds, mode: r.records.mode, workers: r.records.workers,
      fallback: r.records.fallback, checkpointsTotal: rep.checkpointsTotal, checkpointsVerified: rep.checkpointsVerified,
      latestCheckpointSize: rep.latestCheckpoint?.size, unsignedTail: rep.unsignedTail, rootHash: rep.rootHash.toString('base64'), problems: r.records.problems,
    },
    files: r.files,
    ledger: r.ledger && { sheetStays: r.ledger.sheetStays, rebuiltStays: r.ledger.rebuiltStays, mismatches: r.ledger.mismatches, firstBadIndex: r.ledger.firstBadIndex },
    retention: r.retention,
    firstBadIndex: r.firstBadIndex,
    suspectRange: r.suspectRange,
    warnings: r.warnings,
  }, null, 2);
}
