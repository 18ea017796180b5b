import { jest } from '@jest/globals';
import { syntheticVeinPattern } from '#demo-site';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { runSim } from '../../apps/cli/src/sim/sim-command.js';
import { ApiClient } from '../support/api-client.js';
import { startApiWithBridge, type ApiWithBridge } from '../support/api-with-bridge.js';
import { eventually } from '../support/http.js';

jest.setTimeout(120_000);

interface Person { id: string; personNo: string; affiliationJa: string; hasPin: boolean; veinPositions: string[]; status: string }
interface Problem { code: string; errors?: Array<{ field: string; message: string }> }

/** People, credentials and authorisations through the HTTP API, and their effect on a real bridge. */
describe('people, credentials and authorisations', () => {
  let env: ApiWithBridge;
  let api: ApiClient;
  let runtime: RuntimeInfo;
  const quiet = () => undefined;
  const secrets = { temporaryPin: '860517', newPin: '402958', template: syntheticVeinPattern('S0104', 'right-index').toString('base64') };
  let section: { id: string };
  let company: { id: string };
  let staff: Person;
  let contractor: Person;

  beforeAll(async () => {
    env = await startApiWithBridge();
    ({ api, runtime } = env);
  });

  afterAll(() => env?.stop());

  it('registers the organisation: a department, a section and a contractor company with its agreement', async () => {
    const dept = await api.post<{ id: string }>('/org-units', { code: 'SOUMU', kind: 'department', nameJa: '総務部', nameEn: 'General Affairs Dept.' });
    expect(dept.status).toBe(201);
    const sec = await api.post<{ id: string }>('/org-units', { code: 'SOUMU-JOHO', kind: 'section', parentId: dept.body.id, nameJa: '情報政策課', nameEn: 'IT Policy Div.' });
    expect(sec.status).toBe(201);
    section = sec.body;
    const co = await api.post<{ id: string; agreementCurrent: boolean }>('/companies', {
      nameJa: '架空データセンター株式会社', nameEn: 'Fictional DC K.K.', agreementRef: '覚書 R8-情-101',
      agreementValidFrom: '2026-04-01', agreementValidUntil: '2027-03-31', confidentialityAgreement: true,
    });
    expect(co.body).toMatchObject({ agreementCurrent: true });
    company = co.body;
    expect((await api.post('/org-units', { code: 'SOUMU', kind: 'department', nameJa: '重複' })).status).toBe(409);
  });

  it('registers a staff member and a contractor worker, with clear errors for bad input', async () => {
    const bad = await api.post<Problem>('/people', { personNo: 's-1', kind: 'staff', familyName: '', givenName: '四郎', nameKana: 'しろう', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors!.map((e) => e.field).sort()).toEqual(['employmentType', 'extra', 'familyName', 'nameKana', 'orgUnitId', 'personNo']);

    const s = await api.post<Person>('/people', {
      personNo: 'S0104', kind: 'staff', familyName: '情報', givenName: '四郎', nameKana: 'ジョウホウ シロウ', employmentType: 'regular', orgUnitId: section.id,
    });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ affiliationJa: '総務部 情報政策課', keypadCode: '70104', hasPin: false, veinPositions: [] });
    staff = s.body;
    const c = await api.post<Person>('/people', { personNo: 'C0102', kind: 'contractor', familyName: '点検', givenName: '次郎', nameKana: 'テンケン ジロウ', companyId: company.id });
    expect(c.body).toMatchObject({ affiliationJa: '架空データセンター株式会社' });
    contractor = c.body;
    expect((await api.post('/people', { personNo: 'S0104', kind: 'staff', familyName: 'x', givenName: 'y', nameKana: 'ア', employmentType: 'regular', orgUnitId: section.id })).status).toBe(409);
    expect((await api.post(`/people/${contractor.id}/identity-checks`, { documentType: 'drivers-licence', last4: '4321' })).status).toBe(201);
    expect((await api.post<Problem>(`/people/${contractor.id}/identity-checks`, { documentType: 'passport', last4: 'TK1234567' })).body.errors![0].field).toBe('last4');
    expect((await api.get('/people/0192f3a0-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await api.get<Problem>('/people/not-a-uuid')).body.errors![0].field).toBe('id');
    expect((await api.get<{ total: number }>('/people?q=ジョウホウ')).body.total).toBeGreaterThanOrEqual(2);
  });

  it('issues a temporary PIN the person must change before the door accepts it', async () => {
    expect((await api.put(`/people/${staff.id}/pin`, { temporaryPin: '1234' })).status).toBe(400);
    expect((await api.put(`/people/${staff.id}/pin`, { temporaryPin: secrets.temporaryPin })).body).toMatchObject({ state: 'must-change' });
    expect((await api.post(`/people/${staff.id}/vein-templates`, { position: 'right-index', format: 0, template: secrets.template })).status).toBe(201);
    await api.post('/authorisations', { personId: staff.id, areaId: 'area-a', validFrom: new Date(Date.now() - 60_000).toISOString(), reason: '情報政策課 サーバ保守担当' });
    await eventually(async () => {
      const { result } = await runSim(['enter', 'S0104', '--pin', secrets.temporaryPin], runtime, quiet);
      return result?.reason === 'PIN_CHANGE_REQUIRED' ? true : undefined;
    });
    const anonymous = new ApiClient(api.baseUrl);
    expect((await anonymous.post('/pin-change', { personNo: 'S0104', currentPin: secrets.temporaryPin, newPin: '123456' })).status).toBe(400);
    expect((await anonymous.post('/pin-change', { personNo: 'S0104', currentPin: secrets.temporaryPin, newPin: secrets.newPin })).status).toBe(204);
    const entered = await eventually(async () => {
      const { result } = await runSim(['enter', 'S0104', '--pin', secrets.newPin], runtime, quiet);
      return result?.outcome === 'grant' ? result : undefined;
    });
    expect(entered).toMatchObject({ doorOpened: true });
    expect((await runSim(['exit', 'S0104', '--pin', secrets.newPin], runtime, quiet)).exitCode).toBe(0);
  });

  it('never returns a template and lists enrolments only', async () => {
    const list = await api.get<Array<{ position: string; template?: string }>>(`/people/${staff.id}/vein-templates`);
    expect(list.body).toEqual([expect.objectContaining({ position: 'right-index' })]);
    expect(list.body[0].template).toBeUndefined();
  });

  it('keeps contractors escorted and inside their agreement', async () => {
    const noEnd = await api.post<Problem>('/authorisations', { personId: contractor.id, areaId: 'area-a', validFrom: new Date().toISOString(), reason: 'UPS点検' });
    expect(noEnd.body.errors![0].field).toBe('validUntil');
    const beyond = await api.post<Problem>('/authorisations', { personId: contractor.id, areaId: 'area-a', validFrom: new Date().toISOString(), validUntil: '2027-06-30T00:00:00Z', reason: 'UPS点検' });
    expect(beyond).toMatchObject({ status: 422, body: { code: 'POLICY_VIOLATION' } });
    const ok = await api.post<{ requiresEscort: boolean }>('/authorisations', { personId: contractor.id, areaId: 'area-a', validFrom: new Date().toISOString(), validUntil: '2027-01-31T00:00:00Z', requiresEscort: false, reason: 'UPS点検' });
    expect(ok.body.requiresEscort).toBe(true);
  });

  it('never lets a contractor hold a privileged role', async () => {
    const op = await api.post<{ id: string }>('/operators', { username: 'c0102', temporaryPassword: 'Contractor-portal-7351', personId: contractor.id });
    const res = await api.post<Problem>(`/operators/${op.body.id}/roles`, { role: 'system-staff', reason: 'should fail' });
    expect(res).toMatchObject({ status: 422, body: { code: 'POLICY_VIOLATION' } });
    expect((await api.post(`/operators/${op.body.id}/roles`, { role: 'contractor', reason: 'contractor portal' })).status).toBe(201);
  });

  it('suspends an authorisation: the door denies within seconds', async () => {
    const [auth] = (await api.get<Array<{ id: string }>>(`/authorisations?personId=${staff.id}&status=active`)).body;
    const started = Date.now();
    expect((await api.post(`/authorisations/${auth.id}/suspend`, { reason: '異動予定のため一時停止' })).body).toMatchObject({ status: 'suspended' });
    const { result } = await runSim(['enter', 'S0104', '--pin', secrets.newPin], runtime, quiet);
    const deniedAfterMs = Date.now() - started;
    expect(result).toMatchObject({ outcome: 'deny', reason: 'AUTHORISATION_SUSPENDED' });
    expect(deniedAfterMs).toBeLessThan(10_000);
    console.log(`suspension → denied walk-up completed ${deniedAfterMs} ms`);
  });

  it('retires a person: access ends at once, templates are deleted, the bridge forgets them', async () => {
    const res = await api.patch<Person>(`/people/${staff.id}`, { status: 'retired', reason: '退職' });
    expect(res.body).toMatchObject({ status: 'retired', veinPositions: [] });
    const auths = (await api.get<Array<{ status: string }>>(`/authorisations?personId=${staff.id}`)).body;
    expect(auths.every((a) => a.status === 'revoked')).toBe(true);
    const result = await eventually(async () => {
      const r = (await runSim(['enter', 'S0104', '--pin', secrets.newPin], runtime, quiet)).result;
      return r?.reason === 'UNKNOWN_IDENTIFIER' ? r : undefined;
    });
    expect(result.outcome).toBe('deny');
  });

  it('imports the HR list of staff sent as text/csv, and rejects a body that is not CSV', async () => {
    const csv = ['職員番号,氏,名,氏名カナ,部コード,部名,課コード,課名,雇用形態', 'S0001,情報,一郎,ジョウホウ イチロウ,SOUMU,総務部,SOUMU-JOHO,情報政策課,正規'].join('\r\n');
    const res = await api.send('POST', '/hr-imports?dryRun=true&allowMassLeavers=true', csv, 'text/csv');
    expect(res).toMatchObject({ status: 201, body: { dryRun: true, encoding: 'utf-8', updated: ['S0001'] } });
    expect((await api.post<Problem>('/hr-imports', { not: 'csv' })).body.errors![0].field).toBe('body');
  });

  it('records every change in the access log with secrets redacted', async () => {
    const { body } = await api.get<{ items: Array<{ type: string; body: Record<string, unknown> }> }>('/access-log?kind=admin&limit=200');
    const types = body.items.map((r) => r.type);
    for (const t of ['org-unit.created', 'company.created', 'person.created', 'person.identity-checked', 'pin.temporary-issued', 'pin.changed', 'vein.enrolled', 'authorisation.granted', 'authorisation.suspended', 'person.updated', 'vein.deleted', 'operator.created', 'role.assigned']) {
      expect(types).toContain(t);
    }
  });

  it('never puts a PIN or template in any response or log line', () => {
    const everything = `${api.bodies.join('\n')}\n${env.logs()}\n${env.bridge.output()}`;
    expect(everything).not.toContain(secrets.temporaryPin);
    expect(everything).not.toContain(secrets.newPin);
    expect(everything).not.toContain(secrets.template.slice(0, 32));
    expect(everything).not.toContain('$argon2id$');
  });
});
