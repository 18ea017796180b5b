/** Never less than a year: the only retention figure municipalities publish (policy.md, 北広島市「1年間保管」). */
export const MIN_RETENTION_DAYS = 365;
/** Five years, unless ACS_RETENTION_DAYS says otherwise. */
export const DEFAULT_RETENTION_DAYS = 1826;
const MAX_RETENTION_DAYS = 36_500;
const DAY_MS = 86_400_000;

export class RetentionError extends Error {}

/** ACS_RETENTION_DAYS exactly as the api validates it: whole days, 365 … 36,500, default 1,826. */
export function retentionDays(env: NodeJS.ProcessEnv): { days: number; from: string } {
  const raw = env.ACS_RETENTION_DAYS;
  if (raw === undefined || raw === '') return { days: DEFAULT_RETENTION_DAYS, from: 'default' };
  const days = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS)) {
    throw new RetentionError(`ACS_RETENTION_DAYS=${raw}: must be whole days from ${MIN_RETENTION_DAYS} (one year) to ${MAX_RETENTION_DAYS} / 保存期間は1年（365日）以上です`);
  }
  return { days, from: 'ACS_RETENTION_DAYS' };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Records older than the returned instant may be pruned. `--before` (an ISO date, read as 00:00 UTC, or a date
 * and time with its zone) can only move the cutoff earlier than the configured period: the period is the site's
 * policy, and a command line must not shorten it. Whatever the setting, nothing younger than a year is pruned.
 */
export function retentionCutoff(now: Date, days: number, before?: string): Date {
  const policy = new Date(now.getTime() - days * DAY_MS);
  let cutoff = policy;
  if (before !== undefined) {
    const ms = DATE.test(before) ? Date.parse(`${before}T00:00:00Z`) : DATE_TIME.test(before) ? Date.parse(before) : Number.NaN;
    if (Number.isNaN(ms)) throw new RetentionError(`--before ${before}: not an ISO 8601 date (2021-04-01) or date and time with a zone (2021-04-01T00:00:00+09:00)`);
    cutoff = new Date(ms);
    if (cutoff > policy) {
      throw new RetentionError(`--before ${before} would prune records the retention period keeps: ${days} days, so only records before ${policy.toISOString()} / 保存期間内の記録は削除できません`);
    }
  }
  // Checked on its own, whatever the configuration said: the hard floor.
  const floor = new Date(now.getTime() - MIN_RETENTION_DAYS * DAY_MS);
  if (cutoff > floor) throw new RetentionError(`cutoff ${cutoff.toISOString()} is less than a year ago (${floor.toISOString()}): refused / 1年未満の記録は削除できません`);
  return cutoff;
}
