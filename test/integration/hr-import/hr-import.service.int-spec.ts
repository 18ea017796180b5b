import { uuidv7 } from 'uuidv7';
import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { HrImportModule } from '../../../apps/api/src/modules/hr-import/hr-import.module.js';
import { HrImportService } from '../../../apps/api/src/modules/hr-import/hr-import.service.js';
import { IdReviewsModule } from '../../../apps/api/src/modules/id-reviews/id-reviews.module.js';
import { IdReviewsService } from '../../../apps/api/src/modules/id-reviews/id-reviews.service.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const HEADER = '職員番号,氏,名,氏名カナ,部コード,部名,課コード,課名,雇用形態';
const row = (no: string, family: string, given: string, kana: string, section = 'JOHO', sectionName = '情報政策課', type = '正規') =>
  `${no},${family},${given},${kana},SOUMU,総務部,${section},${sectionName},${type}`;

/** Shift_JIS bytes of a string, built from Node's decoder (every JIS X 0208 character round-trips). */
function shiftJis(text: string): Buffer {
  const decoder = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfc; hi++) {
    if (hi > 0x9f && hi < 0xe0) continue;
    for (let lo = 0x40; lo <= 0xfc; lo++) {
      const ch = decoder.decode(Buffer.from([hi, lo]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch) ?? [0x3f])));
}

describe(HrImportService.name, () => {
  let t: ApiTestModule;
  let sut: HrImportService;
  const actor = adminActor();

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, HrImportModule, IdReviewsModule]);
    sut = t.moduleRef.get(HrImportService);
  });
  afterAll(() => t?.close());

  const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

  it('imports a Shift_JIS file: departments, sections and staff, demo staff missing from it have left', async () => {
    const file = shiftJis(csv(
      row('S0001', '情報', '一郎', 'ジョウホウ イチロウ'),
      row('0201', '人事', '五郎', 'ジンジ ゴロウ', 'JINJI', '人事課', '会計年度任用'),
    ));
    const report = await sut.run(actor, file, { dryRun: false, allowMassLeavers: true });
    expect(report).toMatchObject({ encoding: 'shift_jis', rows: 2, created: ['S0201'], updated: ['S0001'], orgUnitsCreated: ['SOUMU', 'JOHO', 'JINJI'] });
    expect(report.leavers.sort()).toEqual(['S0002', 'S0003']);
    const [gorou] = await t.ds.query(`SELECT affiliation_ja, employment_type, status FROM people WHERE person_no = 'S0201'`);
    expect(gorou).toEqual({ affiliation_ja: '総務部 人事課', employment_type: 'part-time', status: 'active' });
    expect(t.changes).toContain('hr-import');
  });

  it("ends leavers' access at once: authorisations revoked, vein templates deleted", async () => {
    const [s2] = await t.ds.query(`SELECT status FROM people WHERE person_no = 'S0002'`);
    expect(s2.status).toBe('retired');
    const auths = await t.ds.query(`SELECT status FROM authorisations WHERE person_id = $1`, [t.ids.S0002]);
    expect(auths.map((a: { status: string }) => a.status)).toEqual(['revoked']);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM vein_templates WHERE person_id = $1`, [t.ids.S0002]);
    expect(n).toBe(0);
    const [audit] = await t.ds.query(`SELECT type FROM access_log WHERE type = 'person.retired' AND person_id = $1`, [t.ids.S0002]);
    expect(audit).toBeDefined();
  });

  it('leaves contractors alone and keeps an unchanged person unchanged', async () => {
    const report = await sut.run(actor, Buffer.from(csv(row('S0001', '情報', '一郎', 'ジョウホウ イチロウ'), row('S0201', '人事', '五郎', 'ジンジ ゴロウ', 'JINJI', '人事課', '会計年度任用'))), { dryRun: false, allowMassLeavers: false });
    expect(report).toMatchObject({ encoding: 'utf-8', created: [], updated: [], unchanged: 2, leavers: [] });
    const [c] = await t.ds.query(`SELECT status FROM people WHERE person_no = 'C0001'`);
    expect(c.status).toBe('active');
  });

  it('changes nothing on a dry run but reports what would change', async () => {
    const report = await sut.run(actor, Buffer.from(csv(row('S0001', '情報', '一郎', 'ジョウホウ イチロウ', 'KIKAKU', '企画課'))), { dryRun: true, allowMassLeavers: true });
    expect(report).toMatchObject({ dryRun: true, updated: ['S0001'], leavers: ['S0201'], orgUnitsCreated: ['KIKAKU'] });
    const [s201] = await t.ds.query(`SELECT status FROM people WHERE person_no = 'S0201'`);
    expect(s201.status).toBe('active');
    expect(await t.ds.query(`SELECT 1 FROM org_units WHERE code = 'KIKAKU'`)).toEqual([]);
  });

  it('rejects the whole file, naming every bad line, when any row is wrong', async () => {
    const bad = csv(row('S0001', '情報', '一郎', 'ジョウホウ イチロウ'), row('X12', '誤', '記', 'ゴキ', 'JOHO', '情報政策課', '嘱託'), row('S0001', '重', '複', 'ジュウフク'));
    await expect(sut.run(actor, Buffer.from(bad), { dryRun: false, allowMassLeavers: true })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'line 3: 職員番号', message: '"X12" is not a staff number' },
        { field: 'line 3: 雇用形態', message: expect.stringContaining('"嘱託"') },
        { field: 'line 4: 職員番号', message: 'S0001 also on line 2' },
      ],
    });
    await expect(sut.run(actor, Buffer.from('氏,名\n'), { dryRun: false, allowMassLeavers: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses to retire most staff at once unless confirmed (a truncated file is likelier)', async () => {
    const many = Array.from({ length: 12 }, (_, i) => row(`S${(300 + i).toString().padStart(4, '0')}`, '試験', `${i}`, 'シケン'));
    await sut.run(actor, Buffer.from(csv(...many)), { dryRun: false, allowMassLeavers: true });
    await expect(sut.run(actor, Buffer.from(csv(...many.slice(0, 3))), { dryRun: false, allowMassLeavers: false })).rejects.toMatchObject({ code: 'POLICY_VIOLATION' });
  });

  describe('unused-ID review', () => {
    it('lists people with access but no door use for N days, and records the review outcome', async () => {
      const reviews = t.moduleRef.get(IdReviewsService);
      const now = new Date(Date.now() + 100 * 86_400_000);
      const unused = await reviews.unused(90, now);
      const c0001 = unused.find((u) => u.personNo === 'C0001');
      expect(c0001).toMatchObject({ kind: 'contractor', idleDays: 100 });
      expect(c0001!.lastDoorUseAt).toBeUndefined();
      await reviews.record(actor, t.ids.C0001, 'suspend', '委託契約の作業予定なし / no work scheduled');
      const after = await reviews.unused(90, now);
      expect(after.find((u) => u.personNo === 'C0001')).toMatchObject({ status: 'suspended', lastReview: { outcome: 'suspend' } });
      await expect(reviews.record(actor, uuidv7(), 'keep', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
