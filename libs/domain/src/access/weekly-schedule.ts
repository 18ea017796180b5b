/**
 * Weekly access windows in the site's local time (e.g. Asia/Tokyo), with or without public holidays.
 * Pure: the holiday fact is passed in; the time zone arithmetic uses Intl only.
 */
export interface ScheduleWindow {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** "HH:MM", local time. A window whose `to` is not after `from` runs past midnight into the next day. */
  from: string;
  to: string;
}

export interface WeeklySchedule {
  windows: ScheduleWindow[];
  onHolidays: boolean;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LocalTime {
  /** ISO weekday 1–7. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    weekday: WEEKDAY[get('weekday')],
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
    date: `${get('year')}-${get('month')}-${get('day')}`,
  };
}

export function parseHhMm(value: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : value === '24:00' ? 1440 : undefined;
}

/** Is `local` inside the schedule? `holiday` says whether local.date is a public holiday. */
export function withinSchedule(schedule: WeeklySchedule, local: LocalTime, holiday: boolean): boolean {
  if (holiday && !schedule.onHolidays) return false;
  const previousDay = local.weekday === 1 ? 7 : local.weekday - 1;
  return schedule.windows.some((w) => {
    const from = parseHhMm(w.from);
    const to = parseHhMm(w.to);
    if (from === undefined || to === undefined) return false;
    if (to > from) return w.days.includes(local.weekday) && local.minutes >= from && local.minutes < to;
    // Overnight: the evening part on the listed day, the early-morning part on the day after.
    return (w.days.includes(local.weekday) && local.minutes >= from) || (w.days.includes(previousDay) && local.minutes < to);
  });
}

/** Problems with a schedule as entered (for API validation). */
export function scheduleProblems(schedule: WeeklySchedule): string[] {
  const problems: string[] = [];
  if (schedule.windows.length === 0) problems.push('schedule needs at least one window');
  schedule.windows.forEach((w, i) => {
    if (w.days.length === 0 || w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) problems.push(`windows[${i}].days must be ISO weekdays 1–7`);
    if (parseHhMm(w.from) === undefined) problems.push(`windows[${i}].from must be HH:MM`);
    if (parseHhMm(w.to) === undefined) problems.push(`windows[${i}].to must be HH:MM`);
    if (w.from === w.to) problems.push(`windows[${i}] is empty`);
  });
  return problems;
}
