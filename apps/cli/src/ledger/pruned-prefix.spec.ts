import type { LedgerRecord } from '#domain';
import { PrunedPrefix } from './pruned-prefix.js';

const declaration = (idx: number, upToIdx: unknown) => ({ idx, kind: 'admin', type: 'log.pruned', body: { upToIdx } }) as unknown as LedgerRecord;

/** Entries in order: 'p' pruned, 'r' whole; declarations by index. */
function check(entries: string, declarations: Array<[number, unknown]> = [], formatVersion = 2) {
  const prefix = new PrunedPrefix();
  [...entries].forEach((e, i) => prefix.push(i, e === 'p'));
  for (const [idx, upTo] of declarations) prefix.declare(declaration(idx, upTo));
  return prefix.result(formatVersion);
}

describe(PrunedPrefix.name, () => {
  it('accepts a pruned prefix that the latest log.pruned record declares', () => {
    expect(check('pppprrr', [[2, 1], [5, 4]])).toEqual({ pruned: 4, declaration: { idx: 5, upToIdx: 4 }, problems: [] });
    expect(check('rrr')).toEqual({ pruned: 0, problems: [] });
  });

  it.each([
    ['a pruned record after a whole one', 'pprpr', [[4, 2]], 3, /record 3 is pruned, but an earlier record is whole/],
    ['a prefix nobody declared', 'pprr', [], 0, /records 0…1 are pruned, but no log.pruned record/],
    ['a prefix longer than declared', 'ppprr', [[4, 2]], 2, /declares only 0…1/],
    ['a declaration of more than was pruned', 'prrr', [[3, 2]], 1, /declares records 0…1 pruned, but record 1 is whole/],
    ['a declaration that shrinks', 'pprrr', [[2, 2], [4, 1]], 4, /not an index between the previous prune \(2\) and itself/],
    ['a declaration that is no index', 'pprr', [[3, '2']], 3, /upToIdx "2"/],
    ['leaf-only lines in a version 1 export', 'pprr', [[3, 2]], 0, /export format 1 has no pruned records/],
  ] as const)('reports %s at its exact index', (_, entries, declarations, idx, message) => {
    const result = check(entries, declarations as unknown as Array<[number, unknown]>, message.source.includes('format 1') ? 1 : 2);
    expect(result.problems[0]).toEqual({ idx, message: expect.stringMatching(message) });
  });

  it('combines whole files as the worker threads report them', () => {
    const prefix = new PrunedPrefix();
    prefix.file(0, 4, 4, undefined);
    prefix.file(4, 4, 2, undefined);
    prefix.declare(declaration(7, 6));
    expect(prefix.result(2)).toEqual({ pruned: 6, declaration: { idx: 7, upToIdx: 6 }, problems: [] });
    prefix.file(8, 4, 1, undefined);
    expect(prefix.result(2).problems[0]).toMatchObject({ idx: 8 });
  });
});
