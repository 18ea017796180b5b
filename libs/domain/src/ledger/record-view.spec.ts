import { Buffer } from 'node:buffer';
import { type LedgerRecord, encodeRecord } from './canonical-record.js';
import { decodeRecord } from './canonical-record-decode.js';
import { RecordView } from './record-view.js';

const record = (over: Partial<LedgerRecord> = {}): LedgerRecord => ({
  logId: 'main', idx: 2 ** 40 + 7, id: '0190f5c2-7a4b-7cde-8f01-23456789abcd', kind: 'decision', type: 'decision.online',
  occurredAt: new Date('2026-11-25T01:02:03.456Z'), recordedAt: new Date('2026-11-25T01:02:03.789Z'), source: 'api', sourceSeq: 7,
  attemptId: '0190f5c2-7a4b-7cde-8f01-000000000001', personId: '0190F5C2-7A4B-7CDE-8F01-0000000000AB', areaId: 'サーバ室A', doorId: 'door-1',
  readerId: null, outcome: 'grant', reason: 'GRANTED', body: { direction: 'entry', message: { ja: '解錠しました', en: 'Unlocked' } }, ...over,
});

/** Bytes placed inside a larger buffer, as in a records file: the view must read only its own range. */
function framed(bytes: Buffer): { buf: Buffer; start: number; end: number } {
  const buf = Buffer.concat([Buffer.from([9, 9, 9]), bytes, Buffer.from([7, 7])]);
  return { buf, start: 3, end: 3 + bytes.length };
}

describe(RecordView.name, () => {
  const view = new RecordView();

  it.each([
    ['every optional field present', record()],
    ['every optional field absent', record({ sourceSeq: null, attemptId: null, personId: undefined, areaId: null, doorId: null, outcome: null, reason: null, body: 1 })],
    ['a body with nested values', record({ kind: 'annotation', type: 'stay.purpose', body: { stayId: 'x', purpose: 'UPS点検 "A"\n', list: [1, { a: null }] } })],
  ])('reads what decodeRecord reads (%s)', (_, r) => {
    const bytes = encodeRecord(r);
    const decoded = decodeRecord(bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { buf, start, end } = framed(bytes);
    expect(view.walk(buf, start, end)).toBeUndefined();
    const d = decoded.record;
    expect({ idx: view.idx, logId: view.logId, kind: view.kind, type: view.type, outcome: view.outcome }).toEqual({
      idx: d.idx, logId: d.logId, kind: d.kind, type: d.type, outcome: d.outcome ?? null,
    });
    expect(view.stayInput()).toEqual({
      idx: d.idx, kind: d.kind, type: d.type, outcome: d.outcome ?? null, occurredAt: d.occurredAt, recordedAt: d.recordedAt,
      attemptId: d.attemptId ?? null, personId: d.personId ?? null, areaId: d.areaId ?? null, doorId: d.doorId ?? null, body: d.body,
    });
    expect(view.is('kind', Buffer.from(d.kind))).toBe(true);
    expect(view.is('kind', Buffer.from(`${d.kind}x`))).toBe(false);
    expect(view.is('logId', Buffer.from('other'))).toBe(false);
  });

  it('says the area is absent rather than matching bytes when the field is absent', () => {
    const bytes = encodeRecord(record({ areaId: null }));
    view.walk(bytes, 0, bytes.length);
    expect(view.is('areaId', Buffer.alloc(0))).toBe(false);
  });

  it('refuses bytes that are not a canonical record’s framing, naming why', () => {
    const bytes = encodeRecord(record());
    const mutate = (change: (b: Buffer) => void): Buffer => {
      const b = Buffer.from(bytes);
      change(b);
      return b;
    };
    const short = encodeRecord(record({ reason: null, body: 1 })); // ends: reason's flag 0x00, u32 length 1, "1"
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.alloc(0), /empty record/],
      [mutate((b) => (b[0] = 2)), /version 2/],
      [bytes.subarray(0, bytes.length - 1), /truncated at field 17/],
      [Buffer.concat([bytes, Buffer.from([0])]), /1 trailing bytes/],
      [mutate((b) => b.writeUInt32BE(0xffff, 1)), /truncated at field 1/],
      [Buffer.concat([short.subarray(0, short.length - 6), Buffer.from([2]), short.subarray(short.length - 5)]), /presence flag 2 of field 16/],
    ];
    for (const [b, why] of cases) expect(view.walk(b, 0, b.length)).toMatch(why);
  });

  it('throws on a body that is not JSON only when the body is read', () => {
    const bytes = encodeRecord(record({ body: 'x' }));
    const body = Buffer.from('"x"');
    const at = bytes.lastIndexOf(body);
    bytes.write('{x}', at, 'latin1');
    expect(view.walk(bytes, 0, bytes.length)).toBeUndefined();
    expect(view.kind).toBe('decision');
    expect(() => view.stayInput()).toThrow(SyntaxError);
  });
});
