import { messageFor, ReasonCode, type Bilingual } from './reason-code.js';
import { withinSchedule, type LocalTime, type WeeklySchedule } from './weekly-schedule.js';

/**
 * The access decision for one attempt at a door (policy 3(2)②ア): both factors every time; entry needs an
 * authorisation for the area valid now and inside its weekly schedule; a contractor enters only with a staff
 * escort present; nobody enters a locked-down area or enters twice without leaving (anti-passback; an operator
 * "forgive" closes the open stay). The api's own PIN state (locked, temporary, expired) overrides a stale cache.
 * Exit needs both factors (the ledger must know who left) but no authorisation: nobody is kept inside.
 * Pure: every fact is passed in, including the time.
 */
export type PinCheck = 'ok' | 'fail' | 'blocked' | 'not-attempted';
export type VeinCheck = 'match' | 'no-match' | 'timeout' | 'not-enrolled' | 'not-attempted' | 'reader-error';

export interface AccessAttempt {
  direction: 'entry' | 'exit';
  pin: PinCheck;
  vein: { result: VeinCheck; score?: number; threshold?: number };
}

export type PinStateFact = 'usable' | 'locked' | 'must-change' | 'expired' | 'missing';

export interface PersonFacts {
  kind: 'staff' | 'contractor';
  status: 'active' | 'suspended' | 'on-leave' | 'transferred' | 'retired';
  /** The api's view of the stored PIN; omitted = usable. */
  pin?: PinStateFact;
}

export interface AuthorisationFacts {
  validFrom: Date;
  validUntil: Date | null;
  requiresEscort: boolean;
  /** Omitted = active. */
  status?: 'active' | 'suspended' | 'revoked';
  /** Omitted or null = any time inside the validity window. */
  schedule?: WeeklySchedule | null;
}

export interface AccessFacts {
  /** Undefined when the identifier matched nobody. */
  person?: PersonFacts;
  doorKnown: boolean;
  /** Authorisations of this person for the door's area (any number; one valid is enough). */
  authorisations: AuthorisationFacts[];
  /** A staff member who can escort is inside the area or just authenticated at this door. */
  escortAvailable: boolean;
  /** The area is locked down: nobody enters, whatever their authorisation (exits stay possible). */
  lockdown?: boolean;
  /** The person has an open stay in this area (entered, no exit yet): a second entry is a passback. */
  alreadyInside?: boolean;
  /** The attempt's local time at the site and whether that date is a public holiday (for schedules). */
  local?: LocalTime;
  holiday?: boolean;
}

export interface AccessDecision {
  outcome: 'grant' | 'deny';
  reason: ReasonCode;
  message: Bilingual;
}

const deny = (reason: ReasonCode): AccessDecision => ({ outcome: 'deny', reason, message: messageFor(reason) });
const grant = (): AccessDecision => ({ outcome: 'grant', reason: ReasonCode.Granted, message: messageFor(ReasonCode.Granted) });

const PIN_STATE_DENIALS: Record<Exclude<PinStateFact, 'usable'>, ReasonCode> = {
  locked: ReasonCode.PinBlocked,
  'must-change': ReasonCode.PinChangeRequired,
  expired: ReasonCode.PinExpired,
  missing: ReasonCode.PinNotSet,
};

const PIN_DENIALS: Record<Exclude<PinCheck, 'ok'>, ReasonCode> = {
  fail: ReasonCode.PinInvalid,
  blocked: ReasonCode.PinBlocked,
  'not-attempted': ReasonCode.PinNotEntered,
};

const VEIN_DENIALS: Record<Exclude<VeinCheck, 'match'>, ReasonCode> = {
  'no-match': ReasonCode.VeinNoMatch,
  timeout: ReasonCode.VeinTimeout,
  'not-enrolled': ReasonCode.VeinNotEnrolled,
  'not-attempted': ReasonCode.VeinTimeout,
  'reader-error': ReasonCode.VeinReaderError,
};

export function decideAccess(attempt: AccessAttempt, facts: AccessFacts, now: Date): AccessDecision {
  if (!facts.doorKnown) return deny(ReasonCode.UnknownDoor);
  if (!facts.person) return deny(ReasonCode.UnknownIdentifier);
  if (facts.person.status !== 'active') return deny(ReasonCode.PersonInactive);
  const pinState = facts.person.pin ?? 'usable';
  if (pinState !== 'usable') return deny(PIN_STATE_DENIALS[pinState]);
  if (attempt.pin !== 'ok') return deny(PIN_DENIALS[attempt.pin]);
  if (!veinMatched(attempt.vein)) {
    return deny(attempt.vein.result === 'match' ? ReasonCode.VeinNoMatch : VEIN_DENIALS[attempt.vein.result]);
  }
  if (attempt.direction === 'exit') return grant();
  if (facts.lockdown) return deny(ReasonCode.AreaLockdown);
  if (facts.alreadyInside) return deny(ReasonCode.AntiPassback);

  const authorisation = pickAuthorisation(facts, now);
  if (authorisation.kind !== 'valid') return deny(authorisation.reason);
  const needsEscort = facts.person.kind === 'contractor' || authorisation.value.requiresEscort;
  if (needsEscort && !facts.escortAvailable) return deny(ReasonCode.EscortRequired);
  return grant();
}

/** The reader reports a score; the match counts only when it reaches the reader's threshold. */
function veinMatched(vein: AccessAttempt['vein']): boolean {
  if (vein.result !== 'match') return false;
  if (vein.score === undefined || vein.threshold === undefined) return true;
  return vein.score >= vein.threshold;
}

type Picked = { kind: 'valid'; value: AuthorisationFacts } | { kind: 'invalid'; reason: ReasonCode };

/** The least restrictive authorisation that admits now, or the most telling reason why none does. */
function pickAuthorisation(facts: AccessFacts, now: Date): Picked {
  const live = facts.authorisations.filter((a) => (a.status ?? 'active') !== 'revoked');
  if (live.length === 0) return { kind: 'invalid', reason: ReasonCode.NoAuthorisation };
  const active = live.filter((a) => (a.status ?? 'active') === 'active');
  if (active.length === 0) return { kind: 'invalid', reason: ReasonCode.AuthorisationSuspended };
  const t = now.getTime();
  const inWindow = active.filter((a) => a.validFrom.getTime() <= t && (a.validUntil === null || t < a.validUntil.getTime()));
  if (inWindow.length === 0) {
    const future = active.some((a) => a.validFrom.getTime() > t);
    return { kind: 'invalid', reason: future ? ReasonCode.AuthorisationNotYetValid : ReasonCode.AuthorisationExpired };
  }
  const inSchedule = inWindow.filter((a) => !a.schedule || (facts.local !== undefined && withinSchedule(a.schedule, facts.local, facts.holiday ?? false)));
  if (inSchedule.length === 0) return { kind: 'invalid', reason: ReasonCode.OutsideSchedule };
  return { kind: 'valid', value: inSchedule.find((a) => !a.requiresEscort) ?? inSchedule[0] };
}
