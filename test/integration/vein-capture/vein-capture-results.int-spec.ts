import { randomBytes } from 'node:crypto';
import { sealCapturedTemplate, type VeinCaptureResult } from '#contracts';
import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { BridgeRegistry } from '../../../apps/api/src/modules/hardware-gateway/bridge-registry.js';
import { BridgeResults } from '../../../apps/api/src/modules/hardware-gateway/bridge-results.js';
import { TemplateCipher } from '../../../apps/api/src/modules/people/template-cipher.js';
import { VeinCaptureModule } from '../../../apps/api/src/modules/vein-capture/vein-capture.module.js';
import { VeinCapturesService } from '../../../apps/api/src/modules/vein-capture/vein-captures.service.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const BRIDGE = 'bridge-1';

/**
 * What the api does with what bridges send back about captures, on the real database (and the real broker the
 * api connects to): the result path is driven through the gateway's BridgeResults as the MQTT consumer drives it.
 */
describe('vein capture results', () => {
  let t: ApiTestModule;
  let sut: VeinCapturesService;
  let results: BridgeResults;
  const actor = adminActor();

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, VeinCaptureModule]);
    sut = t.moduleRef.get(VeinCapturesService);
    results = t.moduleRef.get(BridgeResults);
    // As if the bridge's retained status had arrived: commands go out (to nobody) and captures stay pending.
    t.moduleRef.get(BridgeRegistry).update(BRIDGE, { state: 'online', bridgeId: BRIDGE, version: 'test', startedAt: new Date().toISOString(), bridgeTime: new Date().toISOString(), cacheVersion: 1, outboxDepth: 0 });
  });
  afterAll(() => t?.close());

  const start = (personNo: string, position: string, extra: { replace?: boolean; readerId?: string } = {}) =>
    sut.start(actor, t.ids[personNo]!, { readerId: extra.readerId ?? 'reader-a1-in', position, ...(extra.replace !== undefined && { replace: extra.replace }) });
  const captured = (capture: { id: string; personId: string; readerId: string; position: string; format: number }, template = randomBytes(64)): VeinCaptureResult => {
    const binding = { captureId: capture.id, bridgeId: BRIDGE, readerId: capture.readerId, personId: capture.personId, position: capture.position as VeinCaptureResult['position'], format: capture.format };
    return { ...binding, status: 'captured', quality: 90, template: sealCapturedTemplate(template, t.config.cacheKey, binding), completedAt: new Date().toISOString() };
  };
  const templateRows = (personNo: string, position: string) =>
    t.ds.query(`SELECT id, person_id, sealed FROM vein_templates WHERE person_id = $1 AND position = $2`, [t.ids[personNo], position]) as Promise<Array<{ id: string; person_id: string; sealed: Buffer }>>;

  it('stores a captured template sealed at rest under the template key, as an upload is stored', async () => {
    const capture = await start('S0002', 'left-ring');
    expect(capture).toMatchObject({ status: 'pending', readerId: 'reader-a1-in', position: 'left-ring' });
    const template = randomBytes(64);
    await results.veinCapture(BRIDGE, captured(capture, Buffer.from(template)));
    const done = await sut.get(t.ids.S0002!, capture.id);
    expect(done).toMatchObject({ status: 'enrolled', quality: 90, templateId: expect.any(String) });
    const [row] = await templateRows('S0002', 'left-ring');
    expect(row!.id).toBe(done.templateId);
    expect(row!.sealed.includes(template)).toBe(false);
    expect(t.moduleRef.get(TemplateCipher).open(row!.sealed, row!.person_id, row!.id)).toEqual(template);
    expect(t.changes).toContain('vein.enrolled');
    // A second result for the finished capture is discarded.
    await results.veinCapture(BRIDGE, captured(capture));
    expect(await templateRows('S0002', 'left-ring')).toHaveLength(1);
  });

  it('ignores a result from another bridge, and fails one whose labels do not match its capture', async () => {
    const capture = await start('S0002', 'left-thumb');
    await results.veinCapture('bridge-9', captured(capture));
    expect((await sut.get(t.ids.S0002!, capture.id)).status).toBe('pending');
    await results.veinCapture(BRIDGE, { ...captured(capture), position: 'left-middle' });
    expect(await sut.get(t.ids.S0002!, capture.id)).toMatchObject({ status: 'failed', reason: 'invalid-result' });
    expect(await templateRows('S0002', 'left-thumb')).toEqual([]);
  });

  it('fails a capture the bridge refused as expired (nothing ran), and ignores a duplicate refusal', async () => {
    const capture = await start('S0002', 'left-little');
    await results.commandResult(BRIDGE, { commandId: capture.id, status: 'rejected', code: 'DUPLICATE', completedAt: new Date().toISOString() });
    expect((await sut.get(t.ids.S0002!, capture.id)).status).toBe('pending');
    await results.commandResult(BRIDGE, { commandId: capture.id, status: 'rejected', code: 'EXPIRED', completedAt: new Date().toISOString() });
    expect(await sut.get(t.ids.S0002!, capture.id)).toMatchObject({ status: 'failed', reason: 'expired', detail: 'EXPIRED' });
  });

  it('times out a capture past its deadline, and discards a result that comes later', async () => {
    const capture = await start('S0002', 'right-thumb');
    await t.ds.query(`UPDATE vein_captures SET deadline_at = now() - interval '1 second' WHERE id = $1`, [capture.id]);
    expect(await sut.get(t.ids.S0002!, capture.id)).toMatchObject({ status: 'failed', reason: 'timeout' });
    await results.veinCapture(BRIDGE, captured(capture));
    expect(await templateRows('S0002', 'right-thumb')).toEqual([]);
  });

  it('keeps one capture per reader at a time', async () => {
    const first = await start('S0002', 'right-ring', { readerId: 'reader-a1-out' });
    await expect(start('S0003', 'right-ring', { readerId: 'reader-a1-out' })).rejects.toMatchObject({ code: 'CONFLICT', title: 'Reader busy' });
    await results.veinCapture(BRIDGE, { ...captured(first), status: 'failed', reason: 'reader-offline', template: undefined, quality: undefined } as VeinCaptureResult);
    expect(await sut.get(t.ids.S0002!, first.id)).toMatchObject({ status: 'failed', reason: 'reader-offline' });
    expect(await start('S0003', 'right-ring', { readerId: 'reader-a1-out' })).toMatchObject({ status: 'pending' });
  });

  it('does not overwrite a template enrolled meanwhile unless asked, and stores nothing for someone who left', async () => {
    const capture = await start('S0001', 'right-little');
    await t.ds.query(
      `INSERT INTO vein_templates (id, person_id, position, format, key_id, sealed) VALUES (gen_random_uuid(), $1, 'right-little', 0, 'x', '\\x00')`,
      [t.ids.S0001],
    );
    await results.veinCapture(BRIDGE, captured(capture));
    expect(await sut.get(t.ids.S0001!, capture.id)).toMatchObject({ status: 'failed', reason: 'already-enrolled' });

    const leaving = await start('C0001', 'left-index');
    await t.ds.query(`UPDATE people SET status = 'retired' WHERE id = $1`, [t.ids.C0001]);
    await results.veinCapture(BRIDGE, captured(leaving));
    expect(await sut.get(t.ids.C0001!, leaving.id)).toMatchObject({ status: 'failed', reason: 'person-left' });
    expect(await templateRows('C0001', 'left-index')).toEqual([]);
  });

  it('lets only one of two captures started at the same instant at one reader run (409 for the other)', async () => {
    const outcomes = await Promise.allSettled([start('S0002', 'left-middle'), start('S0003', 'left-middle')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT', title: 'Reader busy' } });
  });

  it('records every step in the access log without the template', async () => {
    const rows: Array<{ type: string; body: string }> = await t.ds.query(`SELECT type, body::text AS body FROM access_log WHERE type LIKE 'vein.%' ORDER BY idx`);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['vein.capture-requested', 'vein.enrolled', 'vein.capture-failed']));
    const enrolled = rows.find((r) => r.type === 'vein.enrolled')!;
    expect(JSON.parse(enrolled.body)).toMatchObject({ after: { source: 'reader', position: 'left-ring', quality: 90, readerId: 'reader-a1-in' } });
  });
  it("lists a person's captures newest first, failing overdue pending ones on the way, never with a template", async () => {
    const pending: Array<{ id: string; person_id: string }> = await t.ds.query(`SELECT id, person_id FROM vein_captures WHERE status = 'pending'`);
    expect(pending.length).toBeGreaterThan(0);
    await t.ds.query(`UPDATE vein_captures SET deadline_at = now() - interval '1 second' WHERE status = 'pending'`);
    for (const personNo of ['S0002', 'S0003']) {
      const listed = await sut.list(t.ids[personNo]!);
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM vein_captures WHERE person_id = $1', [t.ids[personNo]]);
      expect(listed).toHaveLength(n);
      expect(listed.map((c) => c.requestedAt)).toEqual(listed.map((c) => c.requestedAt).sort().reverse());
      for (const c of listed) expect(Object.keys(c)).not.toContain('template');
      for (const p of pending.filter((row) => row.person_id === t.ids[personNo])) {
        expect(listed.find((c) => c.id === p.id)).toMatchObject({ status: 'failed', reason: 'timeout' });
      }
    }
    await expect(sut.list('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
