import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { CanonicalRecordError, type LedgerRecord, encodeRecord, recordLeafHash } from './canonical-record.js';
import { decodeRecord } from './canonical-record-decode.js';

const GOLDEN_RECORD: LedgerRecord = {
  logId: 'main',
  idx: 42,
  id: '0190f5c2-7a4b-7cde-8f01-23456789abcd',
  kind: 'decision',
  type: 'access.decided',
  occurredAt: new Date('2026-11-25T01:02:03.456Z'),
  recordedAt: new Date('2026-11-25T01:02:03.789Z'),
  source: 'bridge-1',
  sourceSeq: 7,
  attemptId: '0190f5c2-7a4b-7cde-8f01-000000000001',
  personId: undefined,
  areaId: 'srv-a',
  doorId: 'door-1',
  readerId: null,
  outcome: 'grant',
  reason: 'granted',
  body: { z: 1, a: [true, null, 'é'], m: { b: 2.5, a: -0 } },
};

// Written out by hand from README.md's layout (and checked with an independent script), field by field.
const GOLDEN_HEX = [
  '01', // version
  '000000046d61696e', // logId "main"
  '000000000000002a', // idx 42
  '0190f5c27a4b7cde8f0123456789abcd', // id (16 raw bytes)
  '000000086465636973696f6e', // kind "decision"
  '0000000e6163636573732e64656369646564', // type "access.decided"
  '000001a2103958c0', // occurredAt 1795568523456 ms
  '000001a210395a0d', // recordedAt 1795568523789 ms
  '000000086272696467652d31', // source "bridge-1"
  '010000000000000007', // sourceSeq present, 7
  '010190f5c27a4b7cde8f01000000000001', // attemptId present
  '00', // personId absent
  '01000000057372762d61', // areaId "srv-a"
  '0100000006646f6f722d31', // doorId "door-1"
  '00', // readerId absent (null)
  '01000000056772616e74', // outcome "grant"
  '01000000076772616e746564', // reason "granted"
  '000000307b2261223a5b747275652c6e756c6c2c22c3a9225d2c226d223a7b2261223a302c2262223a322e357d2c227a223a317d', // body JCS
].join('');

describe(encodeRecord.name, () => {
  it('produces the golden bytes for a fixed record', () => {
    expect(encodeRecord(GOLDEN_RECORD).toString('hex')).toBe(GOLDEN_HEX);
  });

  it('hashes the golden record to the golden leaf hash, SHA-256(0x00 ‖ bytes)', () => {
    const expected = createHash('sha256').update(Buffer.from(`00${GOLDEN_HEX}`, 'hex')).digest('hex');
    expect(expected).toBe('181b0a16d0ec1446fbaaa5b1ab28225c9d8d4d744fb15c9ed9eec12fe562ad24');
    expect(recordLeafHash(GOLDEN_RECORD).toString('hex')).toBe(expected);
  });

  it('does not depend on key order in the body or on UUID case', () => {
    const shuffled: LedgerRecord = {
      ...GOLDEN_RECORD,
      id: GOLDEN_RECORD.id.toUpperCase(),
      body: { m: { a: 0, b: 2.5 }, a: [true, null, 'é'], z: 1 },
    };
    expect(encodeRecord(shuffled).toString('hex')).toBe(GOLDEN_HEX);
  });

  it('treats null and undefined optional fields alike', () => {
    const nulls: LedgerRecord = { ...GOLDEN_RECORD, personId: null, readerId: undefined };
    expect(encodeRecord(nulls).toString('hex')).toBe(GOLDEN_HEX);
  });

  it.each<[string, Partial<Record<keyof LedgerRecord, unknown>>]>([
    ['idx', { idx: 43 }],
    ['logId', { logId: 'mainx' }],
    ['kind', { kind: 'door' }],
    ['occurredAt by 1 ms', { occurredAt: new Date(GOLDEN_RECORD.occurredAt.getTime() + 1) }],
    ['recordedAt by 1 ms', { recordedAt: new Date(GOLDEN_RECORD.recordedAt.getTime() - 1) }],
    ['sourceSeq absent', { sourceSeq: undefined }],
    ['sourceSeq 0 (present, not absent)', { sourceSeq: 0 }],
    ['reason empty (present, not absent)', { reason: '' }],
    ['personId present', { personId: GOLDEN_RECORD.id }],
    ['body number', { body: { z: 1.5, a: [true, null, 'é'], m: { b: 2.5, a: 0 } } }],
    ['body string "1" for 1', { body: { z: '1', a: [true, null, 'é'], m: { b: 2.5, a: 0 } } }],
    ['areaId moved to doorId', { areaId: undefined, doorId: 'srv-a' }],
    // Length prefixes keep field boundaries: shifting text between neighbouring fields changes the bytes.
    ['text shifted between kind and type', { kind: 'decisiona', type: 'ccess.decided' }],
  ])('changes with %s', (_name, change) => {
    expect(encodeRecord({ ...GOLDEN_RECORD, ...change } as LedgerRecord).toString('hex')).not.toBe(GOLDEN_HEX);
  });

  it('encodes non-ASCII text as UTF-8 with byte lengths', () => {
    const bytes = encodeRecord({ ...GOLDEN_RECORD, source: 'ブリッジ😀', body: {} });
    const utf8 = Buffer.from('ブリッジ😀', 'utf8');
    const at = bytes.indexOf(utf8);
    expect(at).toBeGreaterThan(0);
    expect(bytes.readUInt32BE(at - 4)).toBe(utf8.length);
  });

  it('encodes long strings and bodies past the initial buffer', () => {
    const reason = 'x'.repeat(5000) + 'é';
    const r = decodeRecord(encodeRecord({ ...GOLDEN_RECORD, reason, body: { big: 'y'.repeat(100_000) } }));
    expect(r.ok && r.record.reason).toBe(reason);
  });

  it.each<[string, Partial<Record<keyof LedgerRecord, unknown>>, string]>([
    ['a non-finite number in the body', { body: { score: Number.NaN } }, 'body.score'],
    ['Infinity deep in the body', { body: { a: [{ b: Number.POSITIVE_INFINITY }] } }, 'body.a[0].b'],
    ['a bad UUID', { id: 'not-a-uuid' }, 'id'],
    ['a UUID with a wrong separator', { attemptId: '0190f5c2x7a4b-7cde-8f01-23456789abcd' }, 'attemptId'],
    ['an invalid Date', { occurredAt: new Date('nope') }, 'occurredAt'],
    ['a string instead of a Date', { recordedAt: '2026-01-01T00:00:00Z' }, 'recordedAt'],
    ['a fractional idx', { idx: 1.5 }, 'idx'],
    ['a negative idx', { idx: -1 }, 'idx'],
    ['an unsafe sourceSeq', { sourceSeq: 2 ** 53 }, 'sourceSeq'],
    ['a lone surrogate in text', { reason: 'bad\ud800' }, 'reason'],
    ['a missing kind', { kind: undefined }, 'kind'],
  ])('rejects %s', (_name, change, field) => {
    let error: unknown;
    try {
      encodeRecord({ ...GOLDEN_RECORD, ...change } as LedgerRecord);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CanonicalRecordError);
    expect((error as CanonicalRecordError).field).toBe(field);
  });

  it('accepts negative source sequence numbers and pre-1970 times (two’s complement)', () => {
    const r = { ...GOLDEN_RECORD, sourceSeq: -2, occurredAt: new Date(-1) };
    const bytes = encodeRecord(r);
    expect(bytes.toString('hex')).toContain('01fffffffffffffffe');
    const back = decodeRecord(bytes);
    expect(back.ok && back.record.sourceSeq).toBe(-2);
    expect(back.ok && back.record.occurredAt.getTime()).toBe(-1);
  });
});

describe(decodeRecord.name, () => {
  it('round-trips the golden record exactly', () => {
    const result = decodeRecord(Buffer.from(GOLDEN_HEX, 'hex'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record).toEqual({
      ...GOLDEN_RECORD,
      personId: undefined,
      readerId: undefined,
      body: { a: [true, null, 'é'], m: { a: 0, b: 2.5 }, z: 1 },
    });
    expect(encodeRecord(result.record).toString('hex')).toBe(GOLDEN_HEX);
  });

  const golden = Buffer.from(GOLDEN_HEX, 'hex');
  const bodyAt = golden.length - 0x30 - 4;
  it.each<[string, Buffer, string]>([
    ['empty input', Buffer.alloc(0), 'truncated'],
    ['a truncated record', golden.subarray(0, golden.length - 1), 'truncated'],
    ['a trailing byte', Buffer.concat([golden, Buffer.of(0)]), 'trailing'],
    ['a presence flag of 2', Buffer.from(GOLDEN_HEX.replace('010000000000000007', '020000000000000007'), 'hex'), 'presence flag'],
    ['a non-canonical body', Buffer.concat([golden.subarray(0, bodyAt), Buffer.from('00000008', 'hex'), Buffer.from('{ "b":1}')]), 'canonical'],
    ['invalid UTF-8 in text', Buffer.from(GOLDEN_HEX.replace('000000046d61696e', '00000004ff61696e'), 'hex'), 'UTF-8'],
  ])('rejects %s without throwing', (_name, bytes, message) => {
    const result = decodeRecord(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });

  it('rejects an unknown version', () => {
    const result = decodeRecord(Buffer.from(`02${GOLDEN_HEX.slice(2)}`, 'hex'));
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported-version' } });
  });
});
