import { DEFAULT_RETENTION_DAYS, RetentionError, retentionCutoff, retentionDays } from './retention-policy.js';

const now = new Date('2031-06-15T03:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe(retentionDays.name, () => {
  it('defaults to five years and reads whole days of at least one year', () => {
    expect(retentionDays({})).toEqual({ days: DEFAULT_RETENTION_DAYS, from: 'default' });
    expect(retentionDays({ ACS_RETENTION_DAYS: '365' })).toEqual({ days: 365, from: 'ACS_RETENTION_DAYS' });
  });

  it.each(['364', '0', '-400', '400.5', 'five years', '36501'])('refuses ACS_RETENTION_DAYS=%s', (value) => {
    expect(() => retentionDays({ ACS_RETENTION_DAYS: value })).toThrow(RetentionError);
  });
});

describe(retentionCutoff.name, () => {
  it('is the retention period before now unless --before moves it earlier', () => {
    expect(retentionCutoff(now, 1826)).toEqual(daysAgo(1826));
    expect(retentionCutoff(now, 400, '2029-01-01')).toEqual(new Date('2029-01-01T00:00:00Z'));
    expect(retentionCutoff(now, 400, '2029-01-01T00:00:00+09:00')).toEqual(new Date('2028-12-31T15:00:00Z'));
  });

  it('never prunes what the configured period keeps, nor anything younger than a year', () => {
    expect(() => retentionCutoff(now, 1826, '2029-01-01')).toThrow(/retention period keeps/);
    expect(() => retentionCutoff(now, 365, daysAgo(300).toISOString())).toThrow(/retention period keeps/);
    expect(() => retentionCutoff(now, 100)).toThrow(/less than a year ago/);
    expect(retentionCutoff(now, 365)).toEqual(daysAgo(365));
  });

  it.each(['yesterday', '2029-13-01', '2029-01-01T00:00:00', '1700000000000'])('refuses --before %s', (before) => {
    expect(() => retentionCutoff(now, 365, before)).toThrow(/not an ISO 8601 date/);
  });
});
