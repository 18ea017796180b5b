import { alonePeriods, closingInstant } from './findings.service.js';

describe(closingInstant.name, () => {
  it.each([
    ['2026-11-25T01:00:00Z', '18:00', '2026-11-25T09:00:00.000Z'],
    // 08:30 JST on the 26th is 23:30 UTC on the 25th: the local day is the 26th.
    ['2026-11-25T23:30:00Z', '18:00', '2026-11-26T09:00:00.000Z'],
    // Entered at 23:59 JST, after that day's 23:30 closing: the next closing counts.
    ['2026-11-25T14:59:00Z', '23:30', '2026-11-26T14:30:00.000Z'],
  ])('a stay entered %s closes at %s JST = %s', (entered, closing, expected) => {
    expect(closingInstant(new Date(entered), closing, 'Asia/Tokyo')?.toISOString()).toBe(expected);
  });
});

describe(alonePeriods.name, () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 25, 1, m));
  const stay = (person: string, from: number, to: number | null) => ({ area_id: 'a', person_no: person, entered_at: at(from), exited_at: to === null ? null : at(to) });

  it('finds the first person alone until the second arrives, and the last one alone after the other leaves', () => {
    const periods = alonePeriods([stay('S1', 0, 30), stay('S2', 5, 20)], at(60));
    expect(periods.map((p) => [p.personNo, p.start.getUTCMinutes(), p.end.getUTCMinutes()])).toEqual([['S1', 0, 5], ['S1', 20, 30]]);
  });

  it('reports nothing when two enter and leave together', () => {
    expect(alonePeriods([stay('S1', 0, 30), stay('S2', 0, 30)], at(60))).toEqual([]);
  });

  it('counts an open stay as lasting until now', () => {
    const [p] = alonePeriods([stay('S1', 10, null)], at(40));
    expect([p.start.getUTCMinutes(), p.end.getUTCMinutes()]).toEqual([10, 40]);
  });
});
