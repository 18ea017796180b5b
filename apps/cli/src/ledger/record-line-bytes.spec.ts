import { affectsStays, recordLeafHash, type LedgerRecord } from '#domain';
import fc from 'fast-check';
import { parseRecordLine } from './record-line.js';
import { RecordLineReader } from './record-line-bytes.js';
import { packStays } from './stay-transfer.js';

const UUID = '0190f5c2-7a4b-7cde-8f01-23456789abcd';
const LEAF = Buffer.alloc(32, 7).toString('base64');

/** A line as `ledger export` writes it: its field order, to_json strings, the body as given (jsonb text). */
function exportLine(over: Partial<Record<string, unknown>> = {}, body = '{"note": "サーバ室A", "direction": "entry"}', leafHash?: string): string {
  const fields: Record<string, unknown> = {
    idx: 7, logId: 'main', id: UUID, kind: 'decision', type: 'decision.online', occurredAt: '2026-11-25T01:02:03.456000Z',
    recordedAt: '2028-02-29T23:59:59.999000Z', source: 'api', sourceSeq: 3, attemptId: UUID.replace('0190', '0191'), personId: UUID.toUpperCase(),
    areaId: 'area-a', doorId: 'door-a1', readerId: null, outcome: 'grant', reason: 'GRANTED', ...over,
  };
  const parts = Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const withoutLeaf = `{${parts.join(',')},"body":${body}`;
  return `${withoutLeaf},"leafHash":"${leafHash ?? leafOf(`${withoutLeaf},"leafHash":"${LEAF}"}`) ?? LEAF}"}`;
}

/** The leaf hash the JSON path computes for a line, or undefined when that path refuses the line. */
function leafOf(line: string): string | undefined {
  const parsed = parseRecordLine(line);
  if ('error' in parsed || !parsed.record) return undefined;
  try {
    return recordLeafHash(parsed.record).toString('base64');
  } catch {
    return undefined;
  }
}

function fastRead(line: string | Buffer, logId = 'main'): RecordLineReader | undefined {
  const bytes = typeof line === 'string' ? Buffer.from(`xx${line}\n`, 'utf8') : line; // offsets inside a larger buffer
  const reader = new RecordLineReader(logId);
  return reader.read(bytes, typeof line === 'string' ? 2 : 0, typeof line === 'string' ? bytes.length - 1 : bytes.length) ? reader : undefined;
}

describe(RecordLineReader.name, () => {
  it('reads an exported line to the same leaf hash as JSON.parse and the domain encoder', () => {
    const line = exportLine();
    const reader = fastRead(line)!;
    expect(reader).toBeDefined();
    expect(Buffer.from(reader.leaf!, 'latin1').toString('base64')).toBe(leafOf(line));
    expect(reader.storedLeaf.toString('base64')).toBe(leafOf(line));
    expect(reader).toMatchObject({ idx: 7, pruned: false, kind: 'decision', type: 'decision.online', outcome: 'grant' });
  });

  it('gives the ledger rebuild what the JSON path gives it', () => {
    const body = '{"purpose": "UPS点検", "stayId": "0190f5c2-7a4b-7cde-8f01-23456789abce", "direction": "entry", "escortPersonId": 5, "message": {"ja": "解錠"}}';
    const line = exportLine({ areaId: null }, body);
    const record = (parseRecordLine(line) as { record: LedgerRecord }).record;
    expect(affectsStays(record)).toBe(true);
    expect(packStays([fastRead(line)!.stayInput()])).toEqual(packStays([record]));
  });

  it('reads a leaf-only (pruned) line as its index and stored hash', () => {
    const reader = fastRead(`{"idx":12,"pruned":true,"leafHash":"${LEAF}"}`)!;
    expect(reader).toMatchObject({ idx: 12, pruned: true, leaf: undefined });
    expect(reader.storedLeaf).toEqual(Buffer.alloc(32, 7));
  });

  it.each([
    ['an escaped string', exportLine({ source: 'a"b' })],
    ['an escape in the body', exportLine({}, '{"note": "line\\nbreak"}')],
    ['a fraction in the body', exportLine({}, '{"n": 1.5}')],
    ['an exponent in the body', exportLine({}, '{"n": 1e3}')],
    ['minus zero in the body', exportLine({}, '{"n": -0}')],
    ['an integer beyond 15 digits', exportLine({}, '{"n": 1234567890123456789}')],
    ['a duplicate key in the body', exportLine({}, '{"a": 1, "a": 2}')],
    ['a non-ASCII key in the body', exportLine({}, '{"名前": 1}')],
    ['another log', exportLine({ logId: 'other' })],
    ['a negative source sequence', exportLine({ sourceSeq: -1 })],
    ['an index written as a fraction', exportLine({ idx: 7.0 }).replace('"idx":7', '"idx":7.0')],
    ['fields in another order', exportLine().replace('"kind":"decision","type":"decision.online"', '"type":"decision.online","kind":"decision"')],
    ['a space after a field', exportLine().replace('"kind":"decision"', '"kind": "decision"')],
    ['a trailing space', `${exportLine()} `],
    ['a bad UUID', exportLine({ id: 'not-a-uuid' })],
    ['microseconds', exportLine({ occurredAt: '2026-11-25T01:02:03.456789Z' })],
    ['February 29th of a common year', exportLine({ occurredAt: '2026-02-29T00:00:00.000000Z' })],
    ['a leaf hash in URL-safe base64', exportLine({}, '{}', `${'_'.repeat(43)}=`)],
    ['a non-canonical leaf hash', exportLine({}, '{}', `${LEAF.slice(0, 42)}B=`)],
  ])('declines %s (the JSON path then decides)', (_, line) => {
    expect(fastRead(line)).toBeUndefined();
  });

  it('declines bytes that are not UTF-8, which the JSON path would read as U+FFFD', () => {
    const line = Buffer.from(exportLine({ source: 'bridge-é' }), 'utf8');
    const at = line.indexOf(Buffer.from('é'));
    line[at] = 0xff; // a stray byte where é's first byte was
    expect(fastRead(line)).toBeUndefined();
  });

  it('never disagrees with the JSON path: a line it reads hashes as JSON.parse + encodeRecord do', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('area-a', 'door-a1', 'サーバ室'));
    const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), text, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.oneof(fc.constantFrom('direction', 'stayId', 'purpose', 'a', 'b', 'aa'), text), tie('value'), { maxKeys: 5 }),
    })).value;
    const record = fc.record({
      idx: fc.oneof(fc.nat(), fc.constant(2 ** 53 - 1)),
      source: text, kind: fc.constantFrom('decision', 'door', 'annotation'), type: fc.constantFrom('decision.online', 'door.opened', 'stay.purpose'),
      sourceSeq: fc.oneof(fc.constant(null), fc.integer()), areaId: fc.oneof(fc.constant(null), text), reason: fc.oneof(fc.constant(null), text),
      outcome: fc.constantFrom(null, 'grant', 'deny'), occurredAt: fc.date({ min: new Date(Date.UTC(100, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
    });
    const spacing = fc.constantFrom('', ' ', '  ', '\t');
    let read = 0;
    fc.assert(fc.property(record, json, spacing, (r, body, space) => {
      const line = exportLine({ ...r, occurredAt: r.occurredAt.toISOString().replace('Z', '000Z') }, jsonText(body, space));
      const reader = fastRead(line);
      if (!reader) return;
      read++;
      const expected = leafOf(line);
      expect(expected).toBeDefined();
      expect(Buffer.from(reader.leaf!, 'latin1').toString('base64')).toBe(expected);
      expect(reader.idx).toBe(r.idx);
    }), { numRuns: 3000 });
    expect(read).toBeGreaterThan(300); // the property held for lines the fast path actually read
  });

  it('reads the plain shape the exporter writes for every record kind the api logs', () => {
    const bodies = ['{}', '[]', '{"a": [1, -2, true, false, null, {"b": "c"}], "unlockMs": 5000}', '{"message": {"en": "Unlocked", "ja": "解錠しました"}}'];
    for (const body of bodies) expect(fastRead(exportLine({}, body))).toBeDefined();
    expect(fastRead(exportLine({ attemptId: null, personId: null, sourceSeq: null, outcome: null, reason: null }))).toBeDefined();
  });
});

/** JSON text with the given spacing around separators, object members in their insertion order. */
function jsonText(value: unknown, space: string): string {
  if (Array.isArray(value)) return `[${value.map((v) => jsonText(v, space)).join(`,${space}`)}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${space}:${space}${jsonText(v, space)}`).join(`,${space}`)}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
