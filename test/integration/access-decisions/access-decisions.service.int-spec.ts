import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ReasonCode } from '#domain';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../apps/api/src/config/app-config.js';
import { ChangesModule } from '../../../apps/api/src/common/changes/credential-changes.js';
import { ConfigModule } from '../../../apps/api/src/config/config.module.js';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options.js';
import { AccessDecisionsModule } from '../../../apps/api/src/modules/access-decisions/access-decisions.module.js';
import { AccessDecisionsService } from '../../../apps/api/src/modules/access-decisions/access-decisions.service.js';
import { DemoSiteSeeder } from '../../../apps/api/src/modules/seed/demo-site.seeder.js';
import { SeedModule } from '../../../apps/api/src/modules/seed/seed.module.js';
import { decisionRequest } from '../../support/decision-request.js';
import { testApiConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe(AccessDecisionsService.name, () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sut: AccessDecisionsService;
  let ds: DataSource;
  let config: AppConfig;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testApiConfig(db.url);
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        ChangesModule,
        TypeOrmModule.forRoot(dataSourceOptions(db.url, { migrationsRun: true })),
        AccessDecisionsModule,
        SeedModule,
      ],
    }).compile();
    await moduleRef.init();
    await moduleRef.get(DemoSiteSeeder).seed();
    sut = moduleRef.get(AccessDecisionsService);
    ds = moduleRef.get(getDataSourceToken());
    for (const row of await ds.query('SELECT id, person_no FROM people')) ids[row.person_no] = row.id;
  });
  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  const req = (personNo: string, overrides = {}) => decisionRequest(config.mqtt.baseTopic, personNo, ids[personNo] ?? null, overrides);
  const openStays = async (personNo: string) =>
    (await ds.query('SELECT count(*)::int AS n FROM ledger_stays WHERE person_id = $1 AND exited_at IS NULL', [ids[personNo]]))[0].n;

  it('grants staff with both factors, records attempt and decision, and opens a stay', async () => {
    const request = req('S0003');
    const reply = await sut.decide(request);
    expect(reply).toMatchObject({ outcome: 'grant', reason: ReasonCode.Granted, attemptId: request.attemptId, unlockMs: config.unlockMs });
    const records = await ds.query('SELECT kind, outcome FROM access_log WHERE attempt_id = $1 ORDER BY idx', [request.attemptId]);
    expect(records).toEqual([{ kind: 'attempt', outcome: null }, { kind: 'decision', outcome: 'grant' }]);
    expect(await openStays('S0003')).toBe(1);
  });

  it('closes the stay on exit', async () => {
    const reply = await sut.decide(req('S0003', { direction: 'exit' }));
    expect(reply.outcome).toBe('grant');
    expect(await openStays('S0003')).toBe(0);
  });

  it('denies a wrong PIN and records the denial', async () => {
    const request = req('S0002', { factors: { pin: 'fail', vein: { result: 'not-attempted' } } });
    const reply = await sut.decide(request);
    expect(reply).toMatchObject({ outcome: 'deny', reason: ReasonCode.PinInvalid, display: { en: 'Wrong PIN' } });
    expect(reply.unlockMs).toBeUndefined();
    const [decision] = await ds.query(`SELECT reason FROM access_log WHERE attempt_id = $1 AND kind = 'decision'`, [request.attemptId]);
    expect(decision.reason).toBe(ReasonCode.PinInvalid);
  });

  it('records an unknown identifier as a denied attempt', async () => {
    const reply = await sut.decide(decisionRequest(config.mqtt.baseTopic, 'S9999', null));
    expect(reply.reason).toBe(ReasonCode.UnknownIdentifier);
  });

  describe('contractor escort', () => {
    const later = (s: number) => new Date(Date.now() + s * 1000);
    const at = (personNo: string, when: Date, direction: 'entry' | 'exit' = 'entry') =>
      sut.decide(req(personNo, { direction, respondBy: new Date(when.getTime() + 5000).toISOString() }), when);

    it('admits a contractor when staff authenticated at the same door within the window, even on the way out', async () => {
      // S0003 came in and out at the start of this file; a minute later S0002 comes out to fetch the contractor.
      await at('S0002', later(60));
      await at('S0002', later(62), 'exit');
      expect((await at('C0001', later(70))).outcome).toBe('grant');
      await at('C0001', later(80), 'exit');
    });

    it('denies a contractor alone once the window has passed and nobody is inside', async () => {
      expect((await at('C0001', later(120))).reason).toBe(ReasonCode.EscortRequired);
    });
  });

  it('denies a contractor alone and admits one escorted by staff inside, naming the escort', async () => {
    const inAMinute = new Date(Date.now() + 200_000);
    const at = (personNo: string) => sut.decide(req(personNo, { respondBy: new Date(inAMinute.getTime() + 5000).toISOString() }), inAMinute);
    expect((await at('C0001')).reason).toBe(ReasonCode.EscortRequired);
    // Staff enters; the contractor may follow.
    await at('S0001');
    const reply = await at('C0001');
    expect(reply.outcome).toBe('grant');
    const [stay] = await ds.query('SELECT escort_person_id FROM ledger_stays WHERE person_id = $1 AND exited_at IS NULL', [ids.C0001]);
    expect(stay.escort_person_id).toBe(ids.S0001);
  });

  it('answers a retried request with the decision already recorded', async () => {
    const request = req('S0002', { direction: 'exit' });
    const first = await sut.decide(request);
    const retry = await sut.decide({ ...request, correlationId: '0192f3a0-0000-7000-8000-00000000abcd' });
    expect(retry).toMatchObject({ decisionId: first.decisionId, outcome: first.outcome, correlationId: '0192f3a0-0000-7000-8000-00000000abcd' });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM access_log WHERE attempt_id = $1`, [request.attemptId]);
    expect(n).toBe(2);
  });

  it('never grants after the bridge stopped waiting', async () => {
    const past = new Date(Date.now() - 1000).toISOString();
    const reply = await sut.decide(req('S0002', { respondBy: past }));
    expect(reply).toMatchObject({ outcome: 'deny', reason: ReasonCode.DecisionTooLate });
  });

  it('denies a door that belongs to another bridge', async () => {
    const reply = await sut.decide(req('S0002', { bridgeId: 'bridge-9' }));
    expect(reply.reason).toBe(ReasonCode.UnknownDoor);
  });
});
