import { cacheStateOf, diffCacheState, isEmptyChange, type CachePersonMeta } from './cache-state.js';

const person = (n: number, overrides: Partial<CachePersonMeta> = {}): CachePersonMeta => ({
  personId: `0192f3a0-0000-7000-8000-00000000000${n}`,
  personNo: `S000${n}`,
  keypadCode: `7000${n}`,
  kind: 'staff',
  pinVerifier: '$argon2id$v=19$…',
  pinUsable: true,
  templates: [{ id: `0192f3a0-0000-7000-8000-0000000000a${n}`, position: 'right-index', format: 0 }],
  cards: [],
  ...overrides,
});
const readers = [{ readerId: 'reader-a1-in', veinThreshold: 150 }];

describe(diffCacheState.name, () => {
  const before = cacheStateOf(3, [person(1), person(2), person(3)], readers);

  it('finds nothing when nothing changed', () => {
    expect(isEmptyChange(diffCacheState(before, cacheStateOf(4, [person(1), person(2), person(3)], readers)))).toBe(true);
  });

  it('finds people added, changed (PIN state, templates, cards) and gone, and a changed reader list', () => {
    const after = cacheStateOf(
      4,
      [person(1, { pinUsable: false }), person(2, { cards: ['ab'.repeat(32)] }), person(4), person(5, { templates: [] })],
      [{ readerId: 'reader-a1-in', veinThreshold: 160 }],
    );
    const changes = diffCacheState(before, after);
    expect(changes.changed).toEqual([person(1).personId, person(2).personId, person(4).personId, person(5).personId]);
    expect(changes.removed).toEqual([person(3).personId]);
    expect(changes.readersChanged).toBe(true);
  });
});
