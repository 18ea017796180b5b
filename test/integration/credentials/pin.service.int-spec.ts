import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { CredentialsModule } from '../../../apps/api/src/modules/credentials/credentials.module.js';
import { PinService } from '../../../apps/api/src/modules/credentials/pin.service.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';

describe(PinService.name, () => {
  let t: ApiTestModule;
  let sut: PinService;
  const actor = adminActor();

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, CredentialsModule], { ACS_PIN_LOCKOUT_THRESHOLD: '3', ACS_PIN_HISTORY: '2', ACS_PIN_MAX_AGE_DAYS: '90' });
    sut = t.moduleRef.get(PinService);
  });
  afterAll(() => t?.close());

  const doorResult = (personNo: string, result: 'ok' | 'fail', at = new Date()) =>
    t.ds.transaction((m) => sut.recordDoorResult(m, t.ids[personNo], result, at));

  describe('door lockout', () => {
    it('does not lock after fewer wrong PINs than the threshold', async () => {
      expect(await doorResult('S0002', 'fail')).toBe(false);
      expect(await doorResult('S0002', 'fail')).toBe(false);
      expect(await sut.status(t.ids.S0002)).toMatchObject({ state: 'usable', failedAttempts: 2 });
    });

    it('forgets failures after a correct PIN', async () => {
      await doorResult('S0002', 'ok');
      expect(await sut.status(t.ids.S0002)).toMatchObject({ state: 'usable', failedAttempts: 0 });
    });

    it('locks at the threshold, records it, and unlocks when the period has passed', async () => {
      const now = new Date();
      await doorResult('S0003', 'fail', now);
      await doorResult('S0003', 'fail', now);
      expect(await doorResult('S0003', 'fail', now)).toBe(true);
      expect(await sut.status(t.ids.S0003, now)).toMatchObject({ state: 'locked' });
      expect(await sut.status(t.ids.S0003, new Date(now.getTime() + 15 * 60_000 + 1))).toMatchObject({ state: 'usable' });
      const [audit] = await t.ds.query(`SELECT type FROM access_log WHERE type = 'pin.locked' AND person_id = $1`, [t.ids.S0003]);
      expect(audit).toEqual({ type: 'pin.locked' });
    });
  });

  describe('temporary PIN and self-service change', () => {
    it('rejects a temporary PIN that breaks the policy, naming the field', async () => {
      await expect(sut.issueTemporary(actor, t.ids.S0001, '1234')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'temporaryPin', message: 'temporaryPin must be at least 6 digits' },
          { field: 'temporaryPin', message: 'temporaryPin must not be a run of consecutive digits' },
        ],
      });
    });

    it('issues a temporary PIN that must be changed before door use', async () => {
      expect(await sut.issueTemporary(actor, t.ids.S0001, '860517')).toMatchObject({ state: 'must-change' });
      expect(t.changes).toContain('pin.temporary-issued');
    });

    it('refuses the wrong current PIN and counts it', async () => {
      await expect(sut.change('S0001', '999999', '402958')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect((await sut.status(t.ids.S0001)).failedAttempts).toBe(1);
    });

    it('refuses a new PIN equal to a recent one', async () => {
      await expect(sut.change('S0001', '860517', '860517')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'newPin' }] });
    });

    it('changes the PIN: usable, expiring after the configured age', async () => {
      const before = Date.now();
      await sut.change('S0001', '860517', '402958');
      const status = await sut.status(t.ids.S0001);
      expect(status.state).toBe('usable');
      expect(Date.parse(status.expiresAt!)).toBeGreaterThanOrEqual(before + 90 * 86_400_000 - 1000);
      expect(await sut.status(t.ids.S0001, new Date(before + 91 * 86_400_000))).toMatchObject({ state: 'expired' });
    });

    it('remembers the last N PINs and forgets older ones', async () => {
      await sut.change('S0001', '402958', '715392');
      await expect(sut.change('S0001', '715392', '402958')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await sut.change('S0001', '715392', '539184');
      // History depth 2: 715392 and 539184 remembered, 860517 forgotten.
      await sut.change('S0001', '539184', '860517');
      expect((await sut.status(t.ids.S0001)).state).toBe('usable');
    });

    it('locks the change endpoint too after repeated wrong PINs', async () => {
      for (let i = 0; i < 3; i++) await expect(sut.change('S0001', '000001', '204863')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      await expect(sut.change('S0001', '860517', '204863')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    });

    it('never stores or logs a PIN in clear', async () => {
      const rows = await t.ds.query(`SELECT body::text AS body FROM access_log WHERE type LIKE 'pin.%'`);
      const text = JSON.stringify(rows) + JSON.stringify(await t.ds.query('SELECT verifier FROM pin_credentials UNION ALL SELECT verifier FROM pin_history'));
      for (const pin of ['860517', '402958', '715392', '539184']) expect(text).not.toContain(pin);
    });
  });
});
