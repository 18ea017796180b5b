import { totpCode } from '../../../apps/api/src/common/auth/totp.js';
import { base32 } from '../../../apps/api/src/common/auth/totp.js';
import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { AuthModule } from '../../../apps/api/src/modules/auth/auth.module.js';
import { AuthService } from '../../../apps/api/src/modules/auth/auth.service.js';
import { OperatorsService } from '../../../apps/api/src/modules/auth/operators.service.js';
import { SessionsService } from '../../../apps/api/src/modules/auth/sessions.service.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';

describe('operators, roles and logins', () => {
  let t: ApiTestModule;
  let operators: OperatorsService;
  let auth: AuthService;
  let sessions: SessionsService;
  const admin = adminActor();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, AuthModule], { ACS_LOGIN_LOCKOUT_THRESHOLD: '3' });
    operators = t.moduleRef.get(OperatorsService);
    auth = t.moduleRef.get(AuthService);
    sessions = t.moduleRef.get(SessionsService);
    for (const name of ['holder', 'deputy', 'ciso', 'worker']) {
      ids[name] = (await operators.create(admin, { username: name, temporaryPassword: `Temporary-pass-${name.length}-8271` })).id;
    }
    await operators.assign(admin, ids.holder, { role: 'system-administrator', reason: 'test' });
    await operators.assign(admin, ids.ciso, { role: 'ciso', reason: 'test' });
  });
  afterAll(() => t?.close());

  const actorFor = async (name: string) => {
    const roles = await sessions.activeRoles(ids[name]);
    return adminActor({ operatorId: ids[name], username: name, roles });
  };

  describe('deputies for privileged roles (5(2)①ウ)', () => {
    let pendingId: string;

    it('lets a holder nominate a deputy, pending until the CISO approves', async () => {
      const nominated = await operators.nominateDeputy(await actorFor('holder'), { role: 'system-administrator', deputyOperatorId: ids.deputy, reason: '休暇中の代理' });
      expect(nominated).toMatchObject({ status: 'pending-approval', deputyFor: ids.holder });
      expect(await sessions.activeRoles(ids.deputy)).toEqual([]);
      pendingId = nominated.id;
    });

    it('refuses nominations from someone who does not hold the role', async () => {
      await expect(operators.nominateDeputy(await actorFor('worker'), { role: 'system-administrator', deputyOperatorId: ids.deputy, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('only lets the CISO approve', async () => {
      await expect(operators.approveDeputy(await actorFor('holder'), pendingId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await operators.approveDeputy(await actorFor('ciso'), pendingId)).toMatchObject({ status: 'active' });
      expect(await sessions.activeRoles(ids.deputy)).toEqual(['system-administrator']);
      await expect(operators.approveDeputy(await actorFor('ciso'), pendingId)).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lists privileged holders for the minimum-privilege report', async () => {
      const holders = (await operators.privilegedHolders()).map((h) => `${h.username}:${h.role}`);
      expect(holders).toEqual(expect.arrayContaining(['ciso:ciso', 'holder:system-administrator', 'deputy:system-administrator']));
      expect(holders.some((h) => h.startsWith('worker:'))).toBe(false);
    });
  });

  describe('login', () => {
    it('gives a temporary password a session that may only change it', async () => {
      const s = await auth.login('worker', 'Temporary-pass-6-8271', undefined);
      expect(s.stage).toBe('password-change');
      const actor = (await sessions.resolve(s.accessToken))!;
      await expect(auth.changePassword(actor, 'Temporary-pass-6-8271', 'short')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(auth.changePassword(actor, 'Temporary-pass-6-8271', 'worker-is-my-name-1')).rejects.toMatchObject({ errors: [{ field: 'newPassword', message: 'newPassword must not contain the username' }] });
      await auth.changePassword(actor, 'Temporary-pass-6-8271', 'A-real-passphrase-5719');
      expect(await sessions.resolve(s.accessToken)).toBeUndefined();
      expect((await auth.login('worker', 'A-real-passphrase-5719', undefined)).stage).toBe('full');
    });

    it('locks an account after repeated failures, for the configured period', async () => {
      const now = new Date();
      for (let i = 0; i < 3; i++) await expect(auth.login('worker', 'wrong-password', undefined, now)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      await expect(auth.login('worker', 'A-real-passphrase-5719', undefined, now)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
      const later = new Date(now.getTime() + 15 * 60_000 + 1);
      expect((await auth.login('worker', 'A-real-passphrase-5719', undefined, later)).stage).toBe('full');
    });

    it('requires a TOTP code once enrolled', async () => {
      const session = await auth.login('worker', 'A-real-passphrase-5719', undefined);
      const actor = (await sessions.resolve(session.accessToken))!;
      const { otpauthUri } = await auth.beginTotp(actor);
      const secret = new URL(otpauthUri).searchParams.get('secret')!;
      const key = decodeBase32(secret);
      expect(base32(key)).toBe(secret);
      await expect(auth.confirmTotp(actor, '000000')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      await auth.confirmTotp(actor, totpCode(key, Date.now()));
      await expect(auth.login('worker', 'A-real-passphrase-5719', undefined)).rejects.toMatchObject({ code: 'TOTP_REQUIRED' });
      expect((await auth.login('worker', 'A-real-passphrase-5719', totpCode(key, Date.now()))).stage).toBe('full');
      const [row] = await t.ds.query(`SELECT totp_secret FROM operators WHERE username = 'worker'`);
      expect((row.totp_secret as Buffer).includes(key)).toBe(false);
    });
  });
});

function decodeBase32(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
