const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one, and exports format millions of times. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const HOUR_MS = 3_600_000;
/** zone → hour since epoch → the zone's UTC offset (ms) during that hour. Offsets change on hour boundaries. */
const offsets = new Map<string, Map<number, number>>();

/** Times are stored in UTC and shown in Asia/Tokyo by default: "YYYY-MM-DD HH:MM:SS" in the zone. */
export function formatInZone(date: Date, timeZone: string): string {
  const local = new Date(date.getTime() + offsetAt(date, timeZone));
  const iso = local.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The zone's offset at that instant, from Intl once per zone and hour (exports format millions of times). */
function offsetAt(date: Date, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const hour = Math.floor(date.getTime() / HOUR_MS);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const wall = slowFormat(new Date(hour * HOUR_MS), timeZone);
    offset = Date.parse(`${wall.replace(' ', 'T')}Z`) - hour * HOUR_MS;
    if (zone.size > 100_000) zone.clear();
    zone.set(hour, offset);
  }
  return offset;
}

function slowFormat(date: Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
