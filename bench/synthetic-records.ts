import type { LedgerRecord } from '#domain';

/** A record, and for an entry grant the id the api would give the stay it opens (the ledger sheet needs one). */
export interface SyntheticRecord {
  readonly record: LedgerRecord;
  readonly stayId?: string;
}

const PEOPLE = 300;
const START = Date.UTC(2026, 0, 1);
const MESSAGES = {
  grant: { en: 'Unlocked', ja: '解錠しました' },
  deny: { en: 'Access denied: wrong PIN', ja: '暗証番号が違います' },
};

/** A UUID (version 7 layout) from a counter: deterministic, distinct, and cheap. */
function uuid(n: number): string {
  const hex = n.toString(16).padStart(20, '0');
  return `0190${hex.slice(0, 4)}-${hex.slice(4, 8)}-7${hex.slice(8, 11)}-8${hex.slice(11, 14)}-${hex.slice(14, 20)}000000`;
}

/**
 * A server room's log as the api writes it: people (every tenth a contractor, escorted) walk in and out through
 * one door; each passage is the bridge's attempt, the api's decision and, when granted, the door opening and
 * closing. One attempt in twenty is denied; one stay in forty gets a purpose. Deterministic for a given n.
 */
export function* syntheticRecords(n: number): Generator<SyntheticRecord> {
  const inside = new Set<number>();
  const openStays = new Map<number, { attemptId: string; stayId: string }>();
  let idx = 0;
  let ids = 0;
  let seq = 0;
  let clock = START;
  const base = (kind: string, type: string, source: string, extra: Partial<LedgerRecord>, body: unknown): LedgerRecord => {
    clock += 1000 + (idx % 7) * 311;
    return {
      logId: 'main', idx: idx++, id: uuid(++ids), kind, type, occurredAt: new Date(clock), recordedAt: new Date(clock + 3 + (idx % 5)), source,
      sourceSeq: null, attemptId: null, personId: null, areaId: 'area-a', doorId: 'door-a1', readerId: null, outcome: null, reason: null, body, ...extra,
    };
  };
  while (idx < n) {
    const person = (idx * 7919) % PEOPLE;
    const personId = uuid(1e9 + person);
    const direction = inside.has(person) ? 'exit' : 'entry';
    const attemptId = uuid(++ids);
    const readerId = direction === 'entry' ? 'reader-a1-in' : 'reader-a1-out';
    const granted = idx % 20 !== 7;
    const contractor = person % 10 === 0;
    const common = { attemptId, personId, readerId };
    const batch: SyntheticRecord[] = [];
    batch.push({ record: base('attempt', `attempt.${direction}`, 'bridge-1', common, {
      direction, identifier: { kind: 'keypad', personNo: `${contractor ? 'C' : 'S'}${String(person).padStart(4, '0')}` },
      factors: { pin: granted ? 'ok' : 'wrong', vein: 'match' }, cacheVersion: 1000 + Math.floor(idx / 5000),
    }) });
    const escortPersonId = contractor && direction === 'entry' ? uuid(1e9 + person + 1) : undefined;
    const decision = base('decision', 'decision.online', 'api', { ...common, outcome: granted ? 'grant' : 'deny', reason: granted ? 'GRANTED' : 'WRONG_PIN' }, {
      direction, unlockMs: granted ? 5000 : undefined, escortPersonId, message: granted ? MESSAGES.grant : MESSAGES.deny,
    });
    const stayId = granted && direction === 'entry' ? uuid(++ids) : undefined;
    batch.push({ record: decision, stayId });
    if (granted) {
      if (direction === 'entry') {
        inside.add(person);
        openStays.set(person, { attemptId, stayId: stayId! });
      } else {
        inside.delete(person);
        openStays.delete(person);
      }
      for (const type of ['door.opened', 'door.closed']) {
        batch.push({ record: base('door', type, 'bridge-1', { attemptId, sourceSeq: ++seq }, { contact: type === 'door.opened' ? 'open' : 'closed', cause: attemptId, note: 'サーバ室A' }) });
      }
      const stay = openStays.get(person);
      if (stay && direction === 'entry' && idx % 40 < 4) {
        batch.push({ record: base('annotation', 'stay.purpose', 'api', { attemptId: stay.attemptId, personId }, {
          stayId: stay.stayId, purpose: 'UPS点検 / UPS inspection', operator: { id: uuid(2e9), username: 'admin' },
        }) });
      }
    }
    for (const r of batch) {
      if (r.record.idx >= n) return;
      yield r;
    }
  }
}
