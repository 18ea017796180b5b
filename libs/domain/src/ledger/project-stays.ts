import type { LedgerRecord } from './canonical-record.js';

/*
 * The entry ledger (入退室管理簿) rebuilt from the access log alone, with the semantics of the api's
 * incremental projection (apps/api/src/modules/ledger/ledger.projector.ts and ledger-annotations.service.ts):
 *   - an online entry grant opens a stay (once per entry attempt);
 *   - an online exit grant closes the person's open stay in that area with the latest entry time (once per exit
 *     attempt), at max(exit time, entry time); an exit with no open stay changes nothing;
 *   - `stay.purpose` sets the stay's purpose (the latest wins), `stay.forgiven` closes an open stay as forgiven,
 *     `stay.correction` and `ledger.day-reviewed` leave the stays as they are.
 * Annotations name their stay by its entry attempt (the record's attemptId) and its row id (body.stayId): the
 * row id is in the log only through annotations, so stays nobody annotated are rebuilt without one.
 */

export type StayMethod = 'vein+pin' | 'offline' | 'emergency';
export type StayExitKind = 'exit' | 'forgiven';

/** One row of the api's `ledger_stays`, as rebuilt. */
export interface Stay {
  /** The row id, when an annotation named it; otherwise null (the api generates it and logs it nowhere else). */
  id: string | null;
  personId: string;
  areaId: string;
  entryAttemptId: string;
  entryDoorId: string;
  enteredAt: Date;
  exitAttemptId: string | null;
  exitDoorId: string | null;
  /** For a forgiven stay: the forgive record's occurredAt (the api stamps the row a moment later; see README). */
  exitedAt: Date | null;
  method: StayMethod;
  escortPersonId: string | null;
  purpose: string | null;
  exitKind: StayExitKind | null;
}

/** The records a stay came from, by log index: where to look when a stay does not match. */
export interface StaySources {
  entry: number;
  exit?: number;
  purpose?: number;
  /** The forgive record, with its receipt time (the api's row time lies between occurredAt and shortly after). */
  forgive?: { idx: number; occurredAt: Date; recordedAt: Date };
  /** Every annotation that named this stay. */
  annotations: number[];
}

export interface ProjectedStay extends Stay {
  readonly sources: StaySources;
}

/** Sequences the api never writes; listed, not fatal, since the ledger comparison shows their effect. */
export interface StayAnomaly {
  readonly idx: number;
  readonly code: 'annotation-unknown-stay' | 'forgive-closed-stay' | 'stay-id-conflict' | 'duplicate-entry' | 'duplicate-exit' | 'malformed-annotation';
  readonly message: string;
}

/** What the rebuild reads of a record: any LedgerRecord will do, or just these fields of one. */
export type StayInput = Pick<LedgerRecord, 'idx' | 'kind' | 'type' | 'outcome' | 'occurredAt' | 'recordedAt' | 'attemptId' | 'personId' | 'areaId' | 'doorId' | 'body'>;

/** Online decisions project with this method; a new decision type that grants passage is one line here. */
const METHOD_BY_DECISION_TYPE: Readonly<Record<string, StayMethod>> = { 'decision.online': 'vein+pin' };
const STAY_ANNOTATIONS = new Set(['stay.purpose', 'stay.forgiven', 'stay.correction']);

/** True for the records that can change a stay: a cheap filter, e.g. for worker threads that parse an export. */
export function affectsStays(r: Pick<LedgerRecord, 'kind' | 'type' | 'outcome'>): boolean {
  if (r.kind === 'decision') return r.outcome === 'grant' && Object.hasOwn(METHOD_BY_DECISION_TYPE, r.type);
  return r.kind === 'annotation' && STAY_ANNOTATIONS.has(r.type);
}

/** Incremental rebuild: push records in index order (any records; irrelevant ones are skipped). */
export class StayProjector {
  readonly anomalies: StayAnomaly[] = [];
  private readonly byEntryAttempt = new Map<string, ProjectedStay>();
  private readonly exitAttempts = new Set<string>();
  /** Open stays per person and area, in entry order. */
  private readonly open = new Map<string, ProjectedStay[]>();
  private readonly idOwner = new Map<string, string>();

  push(r: StayInput): void {
    if (!affectsStays(r)) return;
    if (r.kind === 'decision') this.decision(r);
    else this.annotation(r);
  }

  /** Every stay, in the order they were opened. */
  stays(): ProjectedStay[] {
    return [...this.byEntryAttempt.values()];
  }

  get size(): number {
    return this.byEntryAttempt.size;
  }

  private decision(r: StayInput): void {
    // The api projects a grant only when it knows the person and the area (access-decisions.service.ts).
    if (!r.personId || !r.areaId || !r.attemptId || !r.doorId) return;
    const body = asObject(r.body);
    const attemptId = r.attemptId.toLowerCase();
    const personId = r.personId.toLowerCase();
    // As the projector: 'entry' opens, any other direction closes.
    if (body.direction === 'entry') {
      if (this.byEntryAttempt.has(attemptId)) return this.anomaly(r, 'duplicate-entry', `entry attempt ${attemptId} already opened a stay`);
      const escort = typeof body.escortPersonId === 'string' ? body.escortPersonId.toLowerCase() : null;
      const stay: ProjectedStay = {
        id: null, personId, areaId: r.areaId, entryAttemptId: attemptId, entryDoorId: r.doorId, enteredAt: r.occurredAt,
        exitAttemptId: null, exitDoorId: null, exitedAt: null, method: METHOD_BY_DECISION_TYPE[r.type]!, escortPersonId: escort,
        purpose: null, exitKind: null, sources: { entry: r.idx, annotations: [] },
      };
      this.byEntryAttempt.set(attemptId, stay);
      const key = openKey(personId, r.areaId);
      const open = this.open.get(key);
      if (open) open.push(stay);
      else this.open.set(key, [stay]);
      return;
    }
    if (this.exitAttempts.has(attemptId)) return this.anomaly(r, 'duplicate-exit', `exit attempt ${attemptId} already closed a stay`);
    const stay = this.latestOpen(personId, r.areaId);
    if (!stay) return; // exit without an open stay: the projector's UPDATE matches no row
    this.exitAttempts.add(attemptId);
    // getTime(): comparing Date objects directly goes through ToPrimitive, a slow path on every exit.
    this.close(stay, r.occurredAt.getTime() < stay.enteredAt.getTime() ? stay.enteredAt : r.occurredAt, 'exit');
    stay.exitAttemptId = attemptId;
    stay.exitDoorId = r.doorId;
    stay.sources.exit = r.idx;
  }

  private annotation(r: StayInput): void {
    const stay = r.attemptId ? this.byEntryAttempt.get(r.attemptId.toLowerCase()) : undefined;
    if (!stay) return this.anomaly(r, 'annotation-unknown-stay', `${r.type} names entry attempt ${r.attemptId ?? '(none)'}, which opened no stay before it`);
    const body = asObject(r.body);
    stay.sources.annotations.push(r.idx);
    this.learnId(r, stay, body.stayId);
    if (r.type === 'stay.purpose') {
      if (typeof body.purpose !== 'string') return this.anomaly(r, 'malformed-annotation', 'stay.purpose without a purpose');
      stay.purpose = body.purpose;
      stay.sources.purpose = r.idx;
    } else if (r.type === 'stay.forgiven') {
      // The api refuses to forgive a closed stay, so a record of one means the row and the log went apart.
      if (stay.exitedAt) return this.anomaly(r, 'forgive-closed-stay', `stay of entry attempt ${stay.entryAttemptId} was already closed`);
      this.close(stay, r.occurredAt, 'forgiven');
      stay.sources.forgive = { idx: r.idx, occurredAt: r.occurredAt, recordedAt: r.recordedAt };
    }
  }

  private learnId(r: StayInput, stay: ProjectedStay, named: unknown): void {
    if (typeof named !== 'string') return this.anomaly(r, 'malformed-annotation', `${r.type} without a stayId`);
    const id = named.toLowerCase();
    const owner = this.idOwner.get(id);
    if ((stay.id !== null && stay.id !== id) || (owner !== undefined && owner !== stay.entryAttemptId)) {
      return this.anomaly(r, 'stay-id-conflict', `${r.type} names stay ${id}, but entry attempt ${stay.entryAttemptId} is stay ${stay.id ?? id}`);
    }
    stay.id = id;
    this.idOwner.set(id, stay.entryAttemptId);
  }

  /** The projector's `ORDER BY entered_at DESC LIMIT 1`; among equal entry times, the one opened last. */
  private latestOpen(personId: string, areaId: string): ProjectedStay | undefined {
    let best: ProjectedStay | undefined;
    for (const s of this.open.get(openKey(personId, areaId)) ?? []) if (!best || s.enteredAt.getTime() >= best.enteredAt.getTime()) best = s;
    return best;
  }

  private close(stay: ProjectedStay, at: Date, kind: StayExitKind): void {
    stay.exitedAt = at;
    stay.exitKind = kind;
    const key = openKey(stay.personId, stay.areaId);
    const rest = (this.open.get(key) ?? []).filter((s) => s !== stay);
    if (rest.length > 0) this.open.set(key, rest);
    else this.open.delete(key);
  }

  private anomaly(r: StayInput, code: StayAnomaly['code'], message: string): void {
    this.anomalies.push({ idx: r.idx, code, message: `record ${r.idx}: ${message}` });
  }
}

/** Rebuilds every stay from records in index order. */
export function projectStays(records: Iterable<LedgerRecord>): { stays: ProjectedStay[]; anomalies: StayAnomaly[] } {
  const projector = new StayProjector();
  for (const r of records) projector.push(r);
  return { stays: projector.stays(), anomalies: projector.anomalies };
}

function openKey(personId: string, areaId: string): string {
  return `${personId}\u0000${areaId}`;
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
