import { messageFor, ReasonCode, type Bilingual } from './reason-code.js';

/**
 * The access decision for one attempt at a door (policy 3(2)②ア): both factors every time; entry needs an
 * authorisation for the area valid now; a contractor enters only with a staff escort present.
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

export interface PersonFacts {
  kind: 'staff' | 'contractor';
  status: 'active' | 'suspended' | 'on-leave' | 'retired';
}

export interface AuthorisationFacts {
  validFrom: Date;
  validUntil: Date | null;
  requiresEscort: boolean;
}

export interface AccessFacts {
  /** Undefined when the identifier matched nobody. */
  person?: PersonFacts;
  doorKnown: boolean;
  /** Authorisations of this person for the door's area (any number; one valid is enough). */
  authorisations: AuthorisationFacts[];
  /** A staff member who can escort is inside the area or just authenticated at this door. */
  escortAvailable: boolean;
}

export interface AccessDecision {
  outcome: 'grant' | 'deny';
  reason: ReasonCode;
  message: Bilingual;
}

const deny = (reason: ReasonCode): AccessDecision => ({ outcome: 'deny', reason, message: messageFor(reason) });
const grant = (): AccessDecision => ({ outcome: 'grant', reason: ReasonCode.Granted, message: messageFor(ReasonCode.Granted) });

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
  if (attempt.pin !== 'ok') return deny(PIN_DENIALS[attempt.pin]);
  if (!veinMatched(attempt.vein)) {
    return deny(attempt.vein.result === 'match' ? ReasonCode.VeinNoMatch : VEIN_DENIALS[attempt.vein.result]);
  }
  if (attempt.direction === 'exit') return grant();

  const authorisation = pickAuthorisation(facts.authorisations, now);
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

function pickAuthorisation(all: AuthorisationFacts[], now: Date): Picked {
  if (all.length === 0) return { kind: 'invalid', reason: ReasonCode.NoAuthorisation };
  const t = now.getTime();
  const current = all.filter((a) => a.validFrom.getTime() <= t && (a.validUntil === null || t < a.validUntil.getTime()));
  if (current.length > 0) {
    // Prefer one that needs no escort: the least restrictive valid authorisation applies.
    return { kind: 'valid', value: current.find((a) => !a.requiresEscort) ?? current[0] };
  }
  const future = all.some((a) => a.validFrom.getTime() > t);
  return { kind: 'invalid', reason: future ? ReasonCode.AuthorisationNotYetValid : ReasonCode.AuthorisationExpired };
}
