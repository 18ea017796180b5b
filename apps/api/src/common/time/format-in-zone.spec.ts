import { formatInZone, isTimeZone } from './format-in-zone.js';

describe(formatInZone.name, () => {
  it.each([
    ['2026-11-25T15:00:00.000Z', 'Asia/Tokyo', '2026-11-26 00:00:00'],
    ['2026-11-25T14:59:59.999Z', 'Asia/Tokyo', '2026-11-25 23:59:59'],
    ['2026-03-08T06:59:59.000Z', 'America/Los_Angeles', '2026-03-07 22:59:59'],
    // The second after the spring-forward gap (02:00 PST becomes 03:00 PDT).
    ['2026-03-08T10:00:00.000Z', 'America/Los_Angeles', '2026-03-08 03:00:00'],
    ['2026-11-01T08:30:00.000Z', 'America/Los_Angeles', '2026-11-01 01:30:00'],
    ['2026-11-01T09:30:00.000Z', 'America/Los_Angeles', '2026-11-01 01:30:00'],
    ['2026-06-01T12:00:00.000Z', 'Asia/Kolkata', '2026-06-01 17:30:00'],
    ['2026-06-01T12:00:00.000Z', 'UTC', '2026-06-01 12:00:00'],
  ])('%s in %s is %s', (iso, tz, expected) => {
    expect(formatInZone(new Date(iso), tz)).toBe(expected);
  });

  it('agrees with Intl for every minute of a day with a DST change', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    for (let t = Date.UTC(2026, 2, 28, 20); t < Date.UTC(2026, 2, 29, 20); t += 60_000) {
      expect(formatInZone(new Date(t), 'Europe/Berlin')).toBe(intl.format(new Date(t)));
    }
  });

  it('knows real zones', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
