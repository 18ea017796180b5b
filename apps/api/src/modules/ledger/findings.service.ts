import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { localTime, parseHhMm } from '#domain';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export const FindingKind = {
  ForcedOpen: 'forced-open',
  HeldOpen: 'held-open',
  GrantWithoutPassage: 'grant-without-passage',
  ExitWithoutEntry: 'exit-without-entry',
  EntryWithoutExit: 'entry-without-exit',
  InsideAfterClosing: 'inside-after-closing',
  LongOpenOnGrant: 'long-open-on-grant',
  AloneInTwoPersonArea: 'alone-in-two-person-area',
} as const;
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

export interface FindingDto {
  kind: FindingKind;
  at: string;
  areaId?: string;
  doorId?: string;
  personNo?: string;
  attemptId?: string;
  recordId?: string;
  detail: string;
}

/** A door kept open this long after a grant suggests more than one person went through. */
const PASS_MAX_OPEN_MS = 8_000;
/** A grant is given this long to be followed by the door opening. */
const PASSAGE_WINDOW_MS = 60_000;

/**
 * Reconciles door events with decisions and stays: what the records say happened that should not have.
 * Computed from the log on demand, so it always reflects the records as they are; records pruned by retention
 * (`acs log prune`) are skipped explicitly, their findings left with them.
 */
@Injectable()
export class FindingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(from: Date, to: Date, areaId?: string, now = new Date()): Promise<FindingDto[]> {
    const p = [from, to, areaId ?? null];
    const area = '($3::text IS NULL OR l.area_id = $3)';
    const findings: FindingDto[] = [];
    const doorEvents = await this.dataSource.query(
      `SELECT l.id, l.type, l.occurred_at, l.area_id, l.door_id, l.body FROM access_log l
        WHERE l.type IN ('door.forced-open', 'door.held-open') AND l.pruned_at IS NULL AND l.occurred_at >= $1 AND l.occurred_at < $2 AND ${area}`, p,
    );
    for (const e of doorEvents) {
      findings.push({
        kind: e.type === 'door.forced-open' ? FindingKind.ForcedOpen : FindingKind.HeldOpen, at: iso(e.occurred_at), areaId: e.area_id, doorId: e.door_id, recordId: e.id,
        detail: e.type === 'door.forced-open' ? 'door opened without a grant or exit request' : `door held open ${Math.round((e.body.openForMs ?? 0) / 1000)} s`,
      });
    }
    const grants = await this.dataSource.query(
      `SELECT l.id, l.attempt_id, l.occurred_at, l.area_id, l.door_id, l.body->>'direction' AS direction, p.person_no,
              (SELECT min(o.occurred_at) FROM access_log o WHERE o.attempt_id = l.attempt_id AND o.type = 'door.opened') AS opened_at,
              (SELECT min(c.occurred_at) FROM access_log c WHERE c.attempt_id = l.attempt_id AND c.type = 'door.closed') AS closed_at,
              EXISTS (SELECT 1 FROM ledger_stays s WHERE s.exit_attempt_id = l.attempt_id) AS closed_a_stay
         FROM access_log l LEFT JOIN people p ON p.id = l.person_id
        WHERE l.kind = 'decision' AND l.outcome = 'grant' AND l.pruned_at IS NULL AND l.occurred_at >= $1 AND l.occurred_at < $2 AND ${area}`, p,
    );
    for (const g of grants) {
      const base = { at: iso(g.occurred_at), areaId: g.area_id, doorId: g.door_id, personNo: g.person_no, attemptId: g.attempt_id, recordId: g.id };
      if (!g.opened_at && now.getTime() - new Date(g.occurred_at).getTime() > PASSAGE_WINDOW_MS) {
        findings.push({ ...base, kind: FindingKind.GrantWithoutPassage, detail: 'access granted but the door never opened' });
      }
      if (g.opened_at && g.closed_at && new Date(g.closed_at).getTime() - new Date(g.opened_at).getTime() > PASS_MAX_OPEN_MS) {
        const seconds = Math.round((new Date(g.closed_at).getTime() - new Date(g.opened_at).getTime()) / 1000);
        findings.push({ ...base, kind: FindingKind.LongOpenOnGrant, detail: `door open ${seconds} s on one grant: more than one person may have passed` });
      }
      if (g.direction === 'exit' && !g.closed_a_stay) findings.push({ ...base, kind: FindingKind.ExitWithoutEntry, detail: 'exit with no recorded entry' });
    }
    await this.stayFindings(findings, from, to, areaId, now);
    return findings.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));
  }

  private async stayFindings(findings: FindingDto[], from: Date, to: Date, areaId: string | undefined, now: Date): Promise<void> {
    const stays = await this.dataSource.query(
      `SELECT s.id, s.area_id, s.entered_at, s.exited_at, s.entry_attempt_id, p.person_no, a.closing_time, a.two_person_rule
         FROM ledger_stays s JOIN people p ON p.id = s.person_id JOIN areas a ON a.id = s.area_id
        WHERE s.entered_at < $2 AND (s.exited_at IS NULL OR s.exited_at >= $1) AND ($3::text IS NULL OR s.area_id = $3)
        ORDER BY s.entered_at`,
      [from, to, areaId ?? null],
    );
    for (const s of stays) {
      const base = { areaId: s.area_id, personNo: s.person_no, attemptId: s.entry_attempt_id };
      if (!s.exited_at && s.entered_at >= from) findings.push({ ...base, kind: FindingKind.EntryWithoutExit, at: iso(s.entered_at), detail: 'entered, no exit recorded yet' });
      if (s.closing_time) {
        const closing = closingInstant(s.entered_at, s.closing_time, this.config.timeZone);
        const out = s.exited_at ? new Date(s.exited_at) : now;
        if (closing && out > closing && closing >= from && closing < to) {
          findings.push({ ...base, kind: FindingKind.InsideAfterClosing, at: closing.toISOString(), detail: `still inside at closing time ${s.closing_time}` });
        }
      }
    }
    type StayRow = { area_id: string; person_no: string; entered_at: Date; exited_at: Date | null; two_person_rule: boolean };
    for (const areaStays of groupBy<StayRow>(stays.filter((s: StayRow) => s.two_person_rule), (s) => s.area_id)) {
      for (const alone of alonePeriods(areaStays, now)) {
        if (alone.start >= from && alone.start < to) {
          findings.push({ kind: FindingKind.AloneInTwoPersonArea, at: alone.start.toISOString(), areaId: alone.areaId, personNo: alone.personNo, detail: `alone inside for ${Math.round((alone.end.getTime() - alone.start.getTime()) / 1000)} s` });
        }
      }
    }
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();

function groupBy<T>(items: T[], key: (t: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return [...map.values()];
}

/** The first closing time after the stay began (on its local day, or the next day when it began after closing). */
export function closingInstant(enteredAt: Date, closingTime: string, timeZone: string): Date | undefined {
  const minutes = parseHhMm(closingTime);
  if (minutes === undefined) return undefined;
  const local = localTime(enteredAt, timeZone);
  // The zone's offset at that moment (local minus UTC), folded into a real offset range.
  let offset = local.minutes - (enteredAt.getUTCHours() * 60 + enteredAt.getUTCMinutes());
  if (offset > 14 * 60) offset -= 1440;
  if (offset < -12 * 60) offset += 1440;
  const sameDay = new Date(Date.parse(`${local.date}T00:00:00Z`) + (minutes - offset) * 60_000);
  return sameDay > enteredAt ? sameDay : new Date(sameDay.getTime() + 86_400_000);
}

/** Periods when exactly one person was inside (sweep over entries and exits). */
export function alonePeriods(stays: Array<{ area_id: string; person_no: string; entered_at: Date; exited_at: Date | null }>, now: Date) {
  const events = stays.flatMap((s) => [
    { t: new Date(s.entered_at).getTime(), d: +1, s },
    { t: (s.exited_at ? new Date(s.exited_at) : now).getTime(), d: -1, s },
  ]).sort((a, b) => a.t - b.t || a.d - b.d);
  const periods: Array<{ areaId: string; personNo: string; start: Date; end: Date }> = [];
  const inside = new Set<(typeof stays)[number]>();
  let aloneSince: number | undefined;
  for (const e of events) {
    if (aloneSince !== undefined && e.t > aloneSince) {
      const [only] = inside;
      periods.push({ areaId: only.area_id, personNo: only.person_no, start: new Date(aloneSince), end: new Date(e.t) });
    }
    if (e.d > 0) inside.add(e.s);
    else inside.delete(e.s);
    aloneSince = inside.size === 1 ? e.t : undefined;
  }
  return periods;
}
