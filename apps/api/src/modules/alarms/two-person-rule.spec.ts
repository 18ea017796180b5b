import type { NewLogRecord } from '../access-log/access-log.types.js';
import { AlarmRecordType } from './alarm-types.js';
import { aloneConditions, planTwoPersonAlarms, type OpenStay, type TwoPersonSnapshot } from './two-person-rule.js';

const WINDOW_MS = 15_000;
const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);

/**
 * One area under the rule as the ledger and the log would hold it, on a fake clock: stays open and close, and
 * `tick` appends what the planner asks for the way the access log does (an id is stored once).
 */
class Room {
  readonly log: NewLogRecord[] = [];
  private readonly stays: Array<OpenStay & { exitedAt?: Date }> = [];
  private clock = T0;

  ruleInForce = true;

  constructor(private readonly areaId = 'area-a') {}

  at(seconds: number): this {
    this.clock = T0 + seconds * 1000;
    return this;
  }

  /** A stay change triggers an evaluation, unless nobody was there to see it (the api was down). */
  enter(personId: string, observed = true): this {
    this.stays.push({ areaId: this.areaId, personId, entryAttemptId: `attempt-${personId}-${this.clock}`, enteredAt: new Date(this.clock) });
    return observed ? this.tick() : this;
  }

  exit(personId: string, observed = true): this {
    const stay = this.stays.find((s) => s.personId === personId && !s.exitedAt)!;
    stay.exitedAt = new Date(this.clock);
    return observed ? this.tick() : this;
  }

  /** One evaluation, as a stay change or the periodic tick triggers it. */
  tick(): this {
    for (const r of planTwoPersonAlarms(this.snapshot(), new Date(this.clock), WINDOW_MS)) {
      if (!this.log.some((stored) => stored.id === r.id)) this.log.push(r);
    }
    return this;
  }

  /** What a process reads from the database: open stays, latest exit, alarms without a clearing record. */
  snapshot(): TwoPersonSnapshot {
    const exits = this.stays.flatMap((s) => (s.exitedAt ? [s.exitedAt.getTime()] : []));
    const cleared = new Set(this.log.filter((r) => r.type === AlarmRecordType.Cleared).map((r) => r.body.alarmId));
    return {
      ruleAreaIds: new Set(this.ruleInForce ? [this.areaId] : []),
      openStays: this.ruleInForce ? this.stays.filter((s) => !s.exitedAt) : [],
      lastExitByArea: new Map(exits.length ? [[this.areaId, new Date(Math.max(...exits))]] : []),
      openAlarms: this.log.filter((r) => r.type === AlarmRecordType.TwoPersonAlone && !cleared.has(r.id)).map((r) => ({ alarmId: r.id, areaId: r.areaId!, personId: r.personId })),
    };
  }

  /** The log as [seconds after T0, type, person, detail] rows. */
  timeline(): Array<[number, string, string | undefined, unknown]> {
    return this.log.map((r) => [(r.occurredAt.getTime() - T0) / 1000, r.type, r.personId, r.type === AlarmRecordType.Cleared ? r.body.reason : r.body.since]);
  }
}

const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe('two-person rule alarms', () => {
  it('raises one alarm when one person stays alone past the window, however often it is evaluated', () => {
    const room = new Room().at(0).enter('S1').at(10).tick().at(15).tick().at(16).tick().at(60).tick();
    expect(room.timeline()).toEqual([[15, AlarmRecordType.TwoPersonAlone, 'S1', iso(0)]]);
    expect(room.log[0]).toMatchObject({ kind: 'alarm', areaId: 'area-a', body: { windowS: 15, entryAttemptId: `attempt-S1-${T0}` } });
  });

  it('raises nothing when the second person enters within the window', () => {
    const room = new Room().at(0).enter('S1').at(14).enter('S2').at(100).tick();
    expect(room.log).toEqual([]);
  });

  it('clears the alarm when a second person enters after it', () => {
    const room = new Room().at(0).enter('S1').at(20).tick().at(30).enter('S2').at(100).tick();
    expect(room.timeline()).toEqual([
      [20, AlarmRecordType.TwoPersonAlone, 'S1', iso(0)],
      [30, AlarmRecordType.Cleared, 'S1', 'second-person-entered'],
    ]);
    expect(room.log[1].body.alarmId).toBe(room.log[0].id);
  });

  it('clears the alarm when the one alone leaves', () => {
    const room = new Room().at(0).enter('S1').at(20).tick().at(25).exit('S1');
    expect(room.timeline().map((r) => r[3])).toEqual([iso(0), 'area-empty']);
  });

  it('raises nothing when the last two leave together (within the window of each other)', () => {
    const room = new Room().at(0).enter('S1').at(1).enter('S2').at(600).exit('S1').at(605).exit('S2').at(700).tick();
    expect(room.log).toEqual([]);
  });

  it('raises an alarm, after the window, for the one left alone when the other leaves', () => {
    const room = new Room().at(0).enter('S1').at(2).enter('S2').at(300).exit('S2').at(314).tick();
    expect(room.log).toEqual([]);
    room.at(315).tick();
    expect(room.timeline()).toEqual([[315, AlarmRecordType.TwoPersonAlone, 'S1', iso(300)]]);
  });

  it('raises a new alarm for each alone period of the same stay', () => {
    const room = new Room().at(0).enter('S1').at(20).tick().at(30).enter('S2').at(40).exit('S2').at(60).tick();
    expect(room.timeline()).toEqual([
      [20, AlarmRecordType.TwoPersonAlone, 'S1', iso(0)],
      [30, AlarmRecordType.Cleared, 'S1', 'second-person-entered'],
      [60, AlarmRecordType.TwoPersonAlone, 'S1', iso(40)],
    ]);
    expect(new Set(room.log.map((r) => r.id)).size).toBe(3);
  });

  it('clears an alarm whose period ended while nobody evaluated (the other one is alone now)', () => {
    // S2 enters and S1 leaves between two evaluations (the api was down meanwhile).
    const room = new Room().at(0).enter('S1').at(20).tick().at(25).enter('S2', false).at(26).exit('S1', false).at(41).tick();
    expect(room.timeline()).toEqual([
      [20, AlarmRecordType.TwoPersonAlone, 'S1', iso(0)],
      [41, AlarmRecordType.Cleared, 'S1', 'alone-period-ended'],
      [41, AlarmRecordType.TwoPersonAlone, 'S2', iso(26)],
    ]);
  });

  it('after a restart neither forgets an active alarm nor raises it again', () => {
    const room = new Room().at(0).enter('S1').at(20).tick();
    // A restarted process has no memory: it plans from what the log and the ledger say, and gets the same id.
    const replanned = planTwoPersonAlarms({ ...room.snapshot(), openAlarms: [] }, new Date(T0 + 21_000), WINDOW_MS);
    expect(replanned.map((r) => r.id)).toEqual([room.log[0].id]);
    room.at(21).tick().at(22).tick();
    expect(room.log).toHaveLength(1);
    room.at(30).exit('S1');
    expect(room.timeline().map((r) => r[1])).toEqual([AlarmRecordType.TwoPersonAlone, AlarmRecordType.Cleared]);
  });

  it('two processes planning at different moments derive the same records', () => {
    const room = new Room().at(0).enter('S1').at(1).enter('S2').at(50).exit('S2');
    const a = planTwoPersonAlarms(room.snapshot(), new Date(T0 + 70_000), WINDOW_MS);
    const b = planTwoPersonAlarms(room.snapshot(), new Date(T0 + 70_400), WINDOW_MS);
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    expect(a).toHaveLength(1);
  });

  it('clears an open alarm when the area is taken out of the rule, and raises no more there', () => {
    const room = new Room().at(0).enter('S1').at(20).tick();
    room.ruleInForce = false;
    room.at(21).tick().at(100).tick();
    expect(room.timeline().map((r) => r[3])).toEqual([iso(0), 'rule-lifted']);
  });

  it('leaves areas with several people or nobody inside alone', () => {
    const stay = (areaId: string, personId: string): OpenStay => ({ areaId, personId, entryAttemptId: `${areaId}-${personId}`, enteredAt: new Date(T0) });
    const conditions = aloneConditions({ openStays: [stay('a', 'S1'), stay('a', 'S2'), stay('b', 'S3')], lastExitByArea: new Map() });
    expect(conditions).toEqual([{ areaId: 'b', personId: 'S3', entryAttemptId: 'b-S3', since: new Date(T0) }]);
  });
});
