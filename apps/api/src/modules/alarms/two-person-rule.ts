import { LogKind, type NewLogRecord } from '../access-log/access-log.types.js';
import { AlarmRecordType } from './alarm-types.js';
import { derivedRecordId } from './derived-record-id.js';

/** An open stay (someone inside) in an area under the two-person rule. */
export interface OpenStay {
  areaId: string;
  personId: string;
  entryAttemptId: string;
  enteredAt: Date;
}

/** What the rule needs to know, read from the ledger and the log at one moment. */
export interface TwoPersonSnapshot {
  /** The areas under the two-person rule now. */
  ruleAreaIds: ReadonlySet<string>;
  /** Every open stay in those areas. */
  openStays: readonly OpenStay[];
  /** The latest recorded exit of each of those areas (absent: nobody has left yet). */
  lastExitByArea: ReadonlyMap<string, Date>;
  /** Two-person alarms raised and not cleared yet. */
  openAlarms: readonly OpenAloneAlarm[];
}

/** Exactly one person inside an area under the rule, and since when. */
export interface AloneCondition {
  areaId: string;
  personId: string;
  entryAttemptId: string;
  since: Date;
}

export interface OpenAloneAlarm {
  alarmId: string;
  areaId: string;
  personId?: string;
}

export const ClearReason = {
  /** A second person came in: the rule is met again. */
  SecondPersonEntered: 'second-person-entered',
  /** The one inside left. */
  AreaEmpty: 'area-empty',
  /** Someone else is alone now, or the same person alone again after company came and went: a new period. */
  AlonePeriodEnded: 'alone-period-ended',
  /** The area is no longer under the two-person rule. */
  RuleLifted: 'rule-lifted',
} as const;
export type ClearReason = (typeof ClearReason)[keyof typeof ClearReason];

/**
 * Who is alone where. Someone is alone from their entry or from the last exit of anyone else, whichever is
 * later: the latest exit in the area is after the alone person's entry exactly when they had company.
 */
export function aloneConditions(s: Pick<TwoPersonSnapshot, 'openStays' | 'lastExitByArea'>): AloneCondition[] {
  const byArea = new Map<string, OpenStay[]>();
  for (const stay of s.openStays) byArea.set(stay.areaId, [...(byArea.get(stay.areaId) ?? []), stay]);
  return [...byArea.values()].filter((stays) => stays.length === 1).map(([only]) => {
    const lastExit = s.lastExitByArea.get(only.areaId);
    const since = lastExit && lastExit > only.enteredAt ? lastExit : only.enteredAt;
    return { areaId: only.areaId, personId: only.personId, entryAttemptId: only.entryAttemptId, since };
  });
}

/** The same alone period always gets the same alarm id, whichever process or restart raises it. */
export function aloneAlarmId(c: AloneCondition): string {
  return derivedRecordId(AlarmRecordType.TwoPersonAlone, c.areaId, c.entryAttemptId, c.since.toISOString());
}

export function clearingRecordId(alarmId: string): string {
  return derivedRecordId(AlarmRecordType.Cleared, alarmId);
}

/**
 * The records that bring the log in line with the rule at `now`: an alarm for each person alone longer than
 * the window that has none yet, and a clearing record for each open alarm whose alone period is over. The
 * result depends only on the snapshot, so it is safe to run again (after a restart) or in several processes:
 * the ids repeat, and the log stores each once.
 */
export function planTwoPersonAlarms(s: TwoPersonSnapshot, now: Date, windowMs: number): NewLogRecord[] {
  const alone = new Map(aloneConditions(s).map((c) => [aloneAlarmId(c), c]));
  const open = new Set(s.openAlarms.map((a) => a.alarmId));
  const inside = (areaId: string) => s.openStays.filter((stay) => stay.areaId === areaId).length;
  const records: NewLogRecord[] = [];
  for (const alarm of s.openAlarms) {
    if (alone.has(alarm.alarmId)) continue;
    const count = inside(alarm.areaId);
    const reason = !s.ruleAreaIds.has(alarm.areaId) ? ClearReason.RuleLifted
      : count === 0 ? ClearReason.AreaEmpty : count > 1 ? ClearReason.SecondPersonEntered : ClearReason.AlonePeriodEnded;
    records.push({
      id: clearingRecordId(alarm.alarmId), kind: LogKind.Alarm, type: AlarmRecordType.Cleared, occurredAt: now, source: 'api',
      areaId: alarm.areaId, personId: alarm.personId, body: { alarmId: alarm.alarmId, alarmType: AlarmRecordType.TwoPersonAlone, reason, inside: count },
    });
  }
  for (const [alarmId, c] of alone) {
    if (open.has(alarmId) || now.getTime() - c.since.getTime() < windowMs) continue;
    records.push({
      id: alarmId, kind: LogKind.Alarm, type: AlarmRecordType.TwoPersonAlone, occurredAt: now, source: 'api', areaId: c.areaId, personId: c.personId,
      body: { since: c.since.toISOString(), windowS: Math.round(windowMs / 1000), entryAttemptId: c.entryAttemptId },
    });
  }
  return records;
}
