import { decideAccess, type AccessAttempt, type AccessFacts, type AuthorisationFacts } from './decide-access.js';
import { ReasonCode, reasonMessages } from './reason-code.js';

const NOW = new Date('2026-11-25T01:00:00Z');
const day = 86_400_000;

const bothFactors: AccessAttempt = { direction: 'entry', pin: 'ok', vein: { result: 'match', score: 210, threshold: 150 } };
const validAuth: AuthorisationFacts = { validFrom: new Date(NOW.getTime() - day), validUntil: null, requiresEscort: false };
const staffFacts: AccessFacts = {
  person: { kind: 'staff', status: 'active' },
  doorKnown: true,
  authorisations: [validAuth],
  escortAvailable: false,
};

describe(decideAccess.name, () => {
  it.each<[string, Partial<AccessAttempt>, Partial<AccessFacts>, string, ReasonCode]>([
    ['grants staff with both factors and a valid authorisation', {}, {}, 'grant', ReasonCode.Granted],
    ['denies an unknown door', {}, { doorKnown: false }, 'deny', ReasonCode.UnknownDoor],
    ['denies an unknown identifier', {}, { person: undefined }, 'deny', ReasonCode.UnknownIdentifier],
    ['denies a suspended person', {}, { person: { kind: 'staff', status: 'suspended' } }, 'deny', ReasonCode.PersonInactive],
    ['denies a retired person', {}, { person: { kind: 'staff', status: 'retired' } }, 'deny', ReasonCode.PersonInactive],
    ['denies a wrong PIN', { pin: 'fail' }, {}, 'deny', ReasonCode.PinInvalid],
    ['denies a blocked PIN', { pin: 'blocked' }, {}, 'deny', ReasonCode.PinBlocked],
    ['denies a missing PIN', { pin: 'not-attempted' }, {}, 'deny', ReasonCode.PinNotEntered],
    ['denies a vein mismatch', { vein: { result: 'no-match', score: 12, threshold: 150 } }, {}, 'deny', ReasonCode.VeinNoMatch],
    ['denies a match below the threshold', { vein: { result: 'match', score: 149, threshold: 150 } }, {}, 'deny', ReasonCode.VeinNoMatch],
    ['grants a match exactly at the threshold', { vein: { result: 'match', score: 150, threshold: 150 } }, {}, 'grant', ReasonCode.Granted],
    ['denies a vein timeout', { vein: { result: 'timeout' } }, {}, 'deny', ReasonCode.VeinTimeout],
    ['denies when no vein sample was taken', { vein: { result: 'not-attempted' } }, {}, 'deny', ReasonCode.VeinTimeout],
    ['denies a person without enrolled veins', { vein: { result: 'not-enrolled' } }, {}, 'deny', ReasonCode.VeinNotEnrolled],
    ['denies on a reader error', { vein: { result: 'reader-error' } }, {}, 'deny', ReasonCode.VeinReaderError],
    ['denies entry without authorisation', {}, { authorisations: [] }, 'deny', ReasonCode.NoAuthorisation],
    ['lets a person out without authorisation', { direction: 'exit' }, { authorisations: [] }, 'grant', ReasonCode.Granted],
    ['still needs both factors to exit', { direction: 'exit', pin: 'fail' }, {}, 'deny', ReasonCode.PinInvalid],
    ['denies a contractor without escort', {}, { person: { kind: 'contractor', status: 'active' } }, 'deny', ReasonCode.EscortRequired],
    ['grants a contractor with an escort present', {}, { person: { kind: 'contractor', status: 'active' }, escortAvailable: true }, 'grant', ReasonCode.Granted],
    ['denies staff whose authorisation requires an escort', {}, { authorisations: [{ ...validAuth, requiresEscort: true }] }, 'deny', ReasonCode.EscortRequired],
    ['denies a locked PIN whatever the bridge says', {}, { person: { kind: 'staff', status: 'active', pin: 'locked' } }, 'deny', ReasonCode.PinBlocked],
    ['denies a temporary PIN not yet changed', {}, { person: { kind: 'staff', status: 'active', pin: 'must-change' } }, 'deny', ReasonCode.PinChangeRequired],
    ['denies an expired PIN', {}, { person: { kind: 'staff', status: 'active', pin: 'expired' } }, 'deny', ReasonCode.PinExpired],
    ['denies a person without a PIN', {}, { person: { kind: 'staff', status: 'active', pin: 'missing' } }, 'deny', ReasonCode.PinNotSet],
    ['denies an unusable PIN at the exit too', { direction: 'exit' }, { person: { kind: 'staff', status: 'active', pin: 'locked' } }, 'deny', ReasonCode.PinBlocked],
    ['denies a transferred person', {}, { person: { kind: 'staff', status: 'transferred' } }, 'deny', ReasonCode.PersonInactive],
    ['denies when the only authorisation is suspended', {}, { authorisations: [{ ...validAuth, status: 'suspended' }] }, 'deny', ReasonCode.AuthorisationSuspended],
    ['treats a revoked authorisation as none', {}, { authorisations: [{ ...validAuth, status: 'revoked' }] }, 'deny', ReasonCode.NoAuthorisation],
    ['grants with one active among suspended', {}, { authorisations: [{ ...validAuth, status: 'suspended' }, validAuth] }, 'grant', ReasonCode.Granted],
    ['denies entry during a lockdown', {}, { lockdown: true }, 'deny', ReasonCode.AreaLockdown],
    ['lets people out during a lockdown', { direction: 'exit' }, { lockdown: true }, 'grant', ReasonCode.Granted],
    ['denies a second entry without an exit (anti-passback)', {}, { alreadyInside: true }, 'deny', ReasonCode.AntiPassback],
    ['lets a person inside leave', { direction: 'exit' }, { alreadyInside: true }, 'grant', ReasonCode.Granted],
    ['checks both factors before the lockdown', { pin: 'fail' }, { lockdown: true }, 'deny', ReasonCode.PinInvalid],
    ['reports lockdown before a missing authorisation', {}, { lockdown: true, authorisations: [] }, 'deny', ReasonCode.AreaLockdown],
  ])('%s', (_name, attempt, facts, outcome, reason) => {
    const decision = decideAccess({ ...bothFactors, ...attempt }, { ...staffFacts, ...facts }, NOW);
    expect(decision).toEqual({ outcome, reason, message: reasonMessages[reason] });
  });

  describe('authorisation window', () => {
    const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
    it('is valid from its first instant', () => {
      const d = decideAccess(bothFactors, { ...staffFacts, authorisations: [{ ...validAuth, validFrom: NOW }] }, NOW);
      expect(d.reason).toBe(ReasonCode.Granted);
    });
    it('is not yet valid a millisecond before', () => {
      const d = decideAccess(bothFactors, { ...staffFacts, authorisations: [{ ...validAuth, validFrom: at(1) }] }, NOW);
      expect(d.reason).toBe(ReasonCode.AuthorisationNotYetValid);
    });
    it('has expired at its end instant', () => {
      const d = decideAccess(bothFactors, { ...staffFacts, authorisations: [{ ...validAuth, validFrom: at(-day), validUntil: NOW }] }, NOW);
      expect(d.reason).toBe(ReasonCode.AuthorisationExpired);
    });
    it('uses any one valid authorisation among expired ones', () => {
      const expired = { ...validAuth, validFrom: at(-2 * day), validUntil: at(-day) };
      const d = decideAccess(bothFactors, { ...staffFacts, authorisations: [expired, validAuth] }, NOW);
      expect(d.reason).toBe(ReasonCode.Granted);
    });
    it('prefers an unescorted authorisation when several are valid', () => {
      const escorted = { ...validAuth, requiresEscort: true };
      const d = decideAccess(bothFactors, { ...staffFacts, authorisations: [escorted, validAuth] }, NOW);
      expect(d.outcome).toBe('grant');
    });
  });

  describe('weekly schedule', () => {
    const weekdays = { windows: [{ days: [1, 2, 3, 4, 5], from: '08:30', to: '17:15' }], onHolidays: false };
    const scheduled = (local: { weekday: number; minutes: number; date: string }, holiday = false) =>
      decideAccess(bothFactors, { ...staffFacts, authorisations: [{ ...validAuth, schedule: weekdays }], local, holiday }, NOW);
    it('admits inside the window', () => {
      expect(scheduled({ weekday: 3, minutes: 10 * 60, date: '2026-11-25' }).reason).toBe(ReasonCode.Granted);
    });
    it('denies outside the window', () => {
      expect(scheduled({ weekday: 3, minutes: 18 * 60, date: '2026-11-25' }).reason).toBe(ReasonCode.OutsideSchedule);
    });
    it('denies on a public holiday', () => {
      expect(scheduled({ weekday: 1, minutes: 10 * 60, date: '2026-11-23' }, true).reason).toBe(ReasonCode.OutsideSchedule);
    });
    it('denies a scheduled authorisation when the local time is unknown', () => {
      const d = decideAccess(bothFactors, { ...staffFacts, authorisations: [{ ...validAuth, schedule: weekdays }] }, NOW);
      expect(d.reason).toBe(ReasonCode.OutsideSchedule);
    });
    it('lets the person out outside the schedule', () => {
      const d = decideAccess({ ...bothFactors, direction: 'exit' }, { ...staffFacts, authorisations: [{ ...validAuth, schedule: weekdays }], local: { weekday: 7, minutes: 0, date: '2026-11-29' } }, NOW);
      expect(d.reason).toBe(ReasonCode.Granted);
    });
  });

  it('has a Japanese and an English message for every reason', () => {
    for (const reason of Object.values(ReasonCode)) {
      expect(reasonMessages[reason].ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(reasonMessages[reason].en.length).toBeGreaterThan(3);
    }
  });
});
