import type { PinPolicy } from '../../config/app-config.js';

/**
 * Door PIN rules (4(4)②: at least 4 characters and hard to guess). Digits only — door keypads have no letters.
 * Returns every problem, so the caller can name them all at once.
 */
export function pinProblems(pin: string, keypadCode: string, policy: Pick<PinPolicy, 'minLength'>): string[] {
  const problems: string[] = [];
  if (!/^\d+$/.test(pin)) return ['must contain digits only'];
  if (pin.length < policy.minLength) problems.push(`must be at least ${policy.minLength} digits`);
  if (pin.length > 12) problems.push('must be at most 12 digits');
  if (/^(\d)\1+$/.test(pin)) problems.push('must not repeat one digit');
  if (isRun(pin, 1) || isRun(pin, -1)) problems.push('must not be a run of consecutive digits');
  if (/^(\d{1,3})\1+$/.test(pin) && !/^(\d)\1+$/.test(pin)) problems.push('must not repeat a short pattern');
  if (keypadCode.includes(pin) || pin.includes(keypadCode)) problems.push('must not contain the person number');
  return problems;
}

function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i++) {
    if ((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10 !== (step + 10) % 10) return false;
  }
  return pin.length > 1;
}

export type PinState = 'usable' | 'locked' | 'must-change' | 'expired' | 'missing';

/** Whether a stored PIN may be used at the door now. */
export function pinState(pin: { mustChange: boolean; lockedUntil: Date | null; expiresAt: Date | null } | null, now: Date): PinState {
  if (!pin) return 'missing';
  if (pin.lockedUntil && pin.lockedUntil > now) return 'locked';
  if (pin.mustChange) return 'must-change';
  if (pin.expiresAt && pin.expiresAt <= now) return 'expired';
  return 'usable';
}
