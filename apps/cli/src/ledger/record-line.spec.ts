import { recordLeafHash } from '#domain';
import { parseRecordLine } from './record-line.js';

const line = (over: Record<string, unknown> = {}) => JSON.stringify({
  idx: 7, logId: 'main', id: '0190f5c2-7a4b-7cde-8f01-23456789abcd', kind: 'door', type: 'door.opened',
  occurredAt: '2026-11-25T01:02:03.456000Z', recordedAt: '2028-02-29T23:59:59.999000Z', source: 'bridge-1', sourceSeq: 3,
  attemptId: null, personId: null, areaId: 'area-a', doorId: 'door-a1', readerId: null, outcome: null, reason: null,
  body: { note: 'サーバ室A', n: 1.5 }, leafHash: Buffer.alloc(32, 7).toString('base64'), ...over,
});

describe(parseRecordLine.name, () => {
  it('reads an exported line back into the record the api hashed', () => {
    const parsed = parseRecordLine(line());
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.record).toEqual({
      idx: 7, logId: 'main', id: '0190f5c2-7a4b-7cde-8f01-23456789abcd', kind: 'door', type: 'door.opened',
      occurredAt: new Date('2026-11-25T01:02:03.456Z'), recordedAt: new Date('2028-02-29T23:59:59.999Z'), source: 'bridge-1', sourceSeq: 3,
      attemptId: null, personId: null, areaId: 'area-a', doorId: 'door-a1', readerId: null, outcome: null, reason: null, body: { note: 'サーバ室A', n: 1.5 },
    });
    expect(parsed.leafHash).toEqual(Buffer.alloc(32, 7));
    expect(() => recordLeafHash(parsed.record!)).not.toThrow();
  });

  it('reads times digit by digit exactly as Date does, early years included', () => {
    for (const iso of ['1970-01-01T00:00:00.000Z', '0050-03-01T12:00:00.001Z', '2000-02-29T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const parsed = parseRecordLine(line({ occurredAt: iso.replace('Z', '000Z') }));
      expect('record' in parsed && parsed.record?.occurredAt.toISOString()).toBe(iso);
    }
  });

  it('reads a record pruned by retention as its index and stored leaf hash only', () => {
    const leafHash = Buffer.alloc(32, 9).toString('base64');
    expect(parseRecordLine(JSON.stringify({ idx: 3, pruned: true, leafHash }))).toEqual({ idx: 3, leafHash: Buffer.alloc(32, 9) });
    expect(parseRecordLine(JSON.stringify({ idx: 3, pruned: false, leafHash }))).toEqual({ error: 'pruned is not true' });
    expect(parseRecordLine(JSON.stringify({ idx: 3, pruned: true, leafHash, personId: null }))).toEqual({ error: expect.stringMatching(/a pruned record's fields/) });
    expect(parseRecordLine(JSON.stringify({ idx: 3, pruned: true, leafHash: 'AAAA' }))).toEqual({ error: expect.stringMatching(/leafHash/) });
  });

  it.each([
    ['not JSON', '{"idx":', /not JSON/],
    ['an extra field', line({ extra: 1 }), /fields must be exactly/],
    ['a negative index', line({ idx: -1 }), /idx is not an index/],
    ['a numeric source', line({ source: 1 }), /source is not a string/],
    ['a numeric reason', line({ reason: 5 }), /reason is neither null nor a string/],
    ['a fractional sequence number', line({ sourceSeq: 1.5 }), /sourceSeq/],
    ['microseconds the api never writes', line({ occurredAt: '2026-11-25T01:02:03.456789Z' }), /sub-millisecond/],
    ['a time in another zone', line({ occurredAt: '2026-11-25T01:02:03.456+09:00' }), /not a UTC time/],
    ['February 29th of a common year', line({ occurredAt: '2026-02-29T00:00:00.000000Z' }), /not a valid time/],
    ['hour 24', line({ recordedAt: '2026-02-28T24:00:00.000000Z' }), /not a valid time/],
    ['a short leaf hash', line({ leafHash: Buffer.alloc(31).toString('base64') }), /leafHash/],
    ['a leaf hash in hex', line({ leafHash: 'ab'.repeat(32) }), /leafHash/],
  ])('refuses a line with %s', (_, text, message) => {
    const parsed = parseRecordLine(text as string);
    expect('error' in parsed && parsed.error).toMatch(message as RegExp);
  });
});
