import { localTime, scheduleProblems, withinSchedule, type WeeklySchedule } from './weekly-schedule.js';

const officeHours: WeeklySchedule = { windows: [{ days: [1, 2, 3, 4, 5], from: '08:30', to: '17:15' }], onHolidays: false };
const nightShift: WeeklySchedule = { windows: [{ days: [5], from: '22:00', to: '06:00' }], onHolidays: true };
// 2026-11-25 is a Wednesday. Asia/Tokyo is UTC+9.
const tokyo = (iso: string) => localTime(new Date(iso), 'Asia/Tokyo');

describe(withinSchedule.name, () => {
  it.each([
    ['Wed 08:29 JST', '2026-11-24T23:29:00Z', false],
    ['Wed 08:30 JST', '2026-11-24T23:30:00Z', true],
    ['Wed 17:14 JST', '2026-11-25T08:14:00Z', true],
    ['Wed 17:15 JST', '2026-11-25T08:15:00Z', false],
    ['Sat 10:00 JST', '2026-11-28T01:00:00Z', false],
  ])('office hours: %s → %s', (_name, iso, inside) => {
    expect(withinSchedule(officeHours, tokyo(iso), false)).toBe(inside);
  });

  it('is closed on a public holiday unless the schedule says otherwise', () => {
    const labourThanksgiving = tokyo('2026-11-23T01:00:00Z'); // Monday 10:00 JST, 勤労感謝の日
    expect(withinSchedule(officeHours, labourThanksgiving, true)).toBe(false);
    expect(withinSchedule({ ...officeHours, onHolidays: true }, labourThanksgiving, true)).toBe(true);
  });

  it.each([
    ['Fri 21:59', '2026-11-27T12:59:00Z', false],
    ['Fri 22:00', '2026-11-27T13:00:00Z', true],
    ['Sat 05:59', '2026-11-27T20:59:00Z', true],
    ['Sat 06:00', '2026-11-27T21:00:00Z', false],
    ['Thu 23:00', '2026-11-26T14:00:00Z', false],
  ])('overnight window: %s JST → %s', (_name, iso, inside) => {
    expect(withinSchedule(nightShift, tokyo(iso), false)).toBe(inside);
  });

  it('uses local time, not UTC', () => {
    // 2026-11-24T16:00Z is Tuesday in UTC but Wednesday 01:00 in Tokyo.
    expect(tokyo('2026-11-24T16:00:00Z')).toEqual({ weekday: 3, minutes: 60, date: '2026-11-25' });
  });
});

describe(scheduleProblems.name, () => {
  it('names each bad window field', () => {
    expect(scheduleProblems({ windows: [{ days: [0, 8], from: '8:30', to: '25:00' }], onHolidays: false })).toEqual([
      'windows[0].days must be ISO weekdays 1–7',
      'windows[0].from must be HH:MM',
      'windows[0].to must be HH:MM',
    ]);
    expect(scheduleProblems({ windows: [], onHolidays: false })).toEqual(['schedule needs at least one window']);
    expect(scheduleProblems(officeHours)).toEqual([]);
  });
});
