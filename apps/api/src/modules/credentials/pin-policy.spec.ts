import { pinProblems, pinState } from './pin-policy.js';

const policy = { minLength: 6 };

describe(pinProblems.name, () => {
  it.each([
    ['482613', []],
    ['90817263', []],
    ['48261', ['must be at least 6 digits']],
    ['48a613', ['must contain digits only']],
    ['111111', ['must not repeat one digit']],
    ['123456', ['must not be a run of consecutive digits']],
    ['987654', ['must not be a run of consecutive digits']],
    ['890123', ['must not be a run of consecutive digits']],
    ['121212', ['must not repeat a short pattern']],
    ['123123', ['must not repeat a short pattern']],
    ['700011', ['must not contain the person number']],
    ['1234567890123', ['must be at most 12 digits', 'must not be a run of consecutive digits']],
  ])('%s → %j', (pin, problems) => {
    expect(pinProblems(pin, '70001', policy)).toEqual(problems);
  });

  it('allows the policy minimum of 4 when configured', () => {
    expect(pinProblems('4826', '70001', { minLength: 4 })).toEqual([]);
    expect(pinProblems('482', '70001', { minLength: 4 })).toEqual(['must be at least 4 digits']);
  });
});

describe(pinState.name, () => {
  const now = new Date('2026-11-25T00:00:00Z');
  const later = new Date(now.getTime() + 1000);
  const earlier = new Date(now.getTime() - 1000);
  it.each([
    [null, 'missing'],
    [{ mustChange: false, lockedUntil: null, expiresAt: null }, 'usable'],
    [{ mustChange: false, lockedUntil: later, expiresAt: null }, 'locked'],
    [{ mustChange: false, lockedUntil: earlier, expiresAt: null }, 'usable'],
    [{ mustChange: true, lockedUntil: null, expiresAt: null }, 'must-change'],
    [{ mustChange: false, lockedUntil: null, expiresAt: now }, 'expired'],
    [{ mustChange: false, lockedUntil: null, expiresAt: later }, 'usable'],
    [{ mustChange: true, lockedUntil: later, expiresAt: earlier }, 'locked'],
  ] as const)('%j → %s', (pin, state) => {
    expect(pinState(pin, now)).toBe(state);
  });
});
