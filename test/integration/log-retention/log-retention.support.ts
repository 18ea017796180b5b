import { jest } from '@jest/globals';
import { join } from 'node:path';
import { LedgerAnnotationsService } from '../../../apps/api/src/modules/ledger/ledger-annotations.service.js';
import { LedgerApi, ledgerApi, runCli, tempDir, type CliRun } from '../ledger-verify/ledger-verify.support.js';

export const DAY_MS = 86_400_000;
/** The records of the "old" day are this old; the prune runs with ACS_RETENTION_DAYS=RETENTION_DAYS. */
export const AGE_DAYS = 800;
export const RETENTION_DAYS = '400';

/** Everything but Date stays real, so the api, pg and jest keep their timers while the api's clock is years back. */
const REAL_APIS = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
  'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

/** Stays of the old day, each by its entry attempt. */
export interface OldStays {
  /** S0001 in and out. */
  A: string;
  /** A door forced open after A's passage: an alarm record. */
  forcedOpen: string;
  /** S0002 inside while C0001 is escorted in and out (B spans C). */
  B: string;
  C: string;
  /** S0001 in, forgiven. */
  D: string;
  /** S0002 in before E's entry and out after it: a cut at E would split H. */
  H: string;
  /** S0001 in and out. */
  E: string;
  /** S0003 in; leaves only in the present: the straddling stay. */
  F: string;
  /** S0002 in and out, after F's entry. */
  G: string;
}

/**
 * A log whose first day is AGE_DAYS old: the demo seed and a day of stays, purposes, a forgive, a sign-off and
 * door events, under signed checkpoints, with S0003 still inside at the end of it. The clock is real again when
 * this returns.
 */
export async function oldLog(): Promise<{ api: LedgerApi; stays: OldStays }> {
  jest.useFakeTimers({ now: Date.now() - AGE_DAYS * DAY_MS, advanceTimers: true, doNotFake: [...REAL_APIS] });
  try {
    const api = await ledgerApi();
    const ledger = api.t.moduleRef.get(LedgerAnnotationsService);
    const A = await api.attempt('S0001');
    await api.doorEvents(4);
    await api.attempt('S0001', 'exit');
    const forcedOpen = await api.forcedOpen();
    const B = await api.attempt('S0002');
    const C = await api.attempt('C0001'); // escorted by S0002, who is inside
    await ledger.setPurpose(api.actor, await api.openStay('C0001'), '空調点検 / air-conditioning check');
    await api.attempt('C0001', 'exit');
    await api.attempt('S0002', 'exit');
    await api.sign();
    const D = await api.attempt('S0001');
    await ledger.forgive(api.actor, await api.openStay('S0001'), '共連れで退出 / left with someone else');
    const H = await api.attempt('S0002');
    const E = await api.attempt('S0001');
    await api.attempt('S0002', 'exit');
    await api.attempt('S0001', 'exit');
    const F = await api.attempt('S0003');
    const G = await api.attempt('S0002');
    await api.attempt('S0002', 'exit');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: api.t.config.timeZone }).format(new Date());
    await ledger.signOff(api.actor, 'area-a', day, '異常なし / nothing unusual');
    await api.doorEvents(10);
    await api.sign();
    return { api, stays: { A, forcedOpen, B, C, D, H, E, F, G } };
  } finally {
    jest.useRealTimers();
  }
}

/** The first record of an attempt: where a stay's span begins. */
export async function firstIdx(api: LedgerApi, attemptId: string): Promise<number> {
  return Number((await api.ds.query('SELECT min(idx) AS idx FROM access_log WHERE attempt_id = $1', [attemptId]))[0].idx);
}

export async function stayId(api: LedgerApi, entryAttemptId: string): Promise<string> {
  return (await api.ds.query('SELECT id FROM ledger_stays WHERE entry_attempt_id = $1', [entryAttemptId]))[0].id;
}

/** What a prune may change: the log's size, pruned rows, stays, day reviews, and every leaf hash. */
export async function snapshot(api: LedgerApi): Promise<Record<string, unknown>> {
  const [counts] = await api.ds.query(`SELECT (SELECT size::int FROM log_heads) AS size, (SELECT count(*)::int FROM access_log WHERE pruned_at IS NOT NULL) AS pruned,
    (SELECT count(*)::int FROM ledger_stays) AS stays, (SELECT count(*)::int FROM ledger_day_reviews) AS reviews`);
  const leaves = (await api.ds.query('SELECT leaf_hash FROM access_log ORDER BY idx')).map((r: { leaf_hash: Buffer }) => r.leaf_hash.toString('base64'));
  return { ...counts, leaves };
}

/** `acs log prune …` as the owner, with the test's retention period unless the caller's env says otherwise. */
export function prune(api: LedgerApi, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['log', 'prune', ...args], { ...api.env, ACS_RETENTION_DAYS: RETENTION_DAYS, ...env });
}

/** The number after "cut" in the report. */
export function reportedCut(run: CliRun): number {
  const m = /^ {2}cut +([\d,]+)/m.exec(run.stdout);
  if (!m) throw new Error(`no cut in the report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return Number(m[1]!.replaceAll(',', ''));
}

export const exportDir = (prefix: string): string => join(tempDir(`acs-${prefix}-`), 'export');
