import type { LedgerRecord } from '#domain';

/** The admin record `acs log prune` appends in the transaction that redacts records 0 … upToIdx − 1. */
export const PRUNE_RECORD_TYPE = 'log.pruned';

export const isPruneDeclaration = (r: Pick<LedgerRecord, 'kind' | 'type'>): boolean => r.kind === 'admin' && r.type === PRUNE_RECORD_TYPE;

export interface RetentionProblem {
  /** The first index the problem is about: exact, like every other firstBadIndex. */
  readonly idx: number;
  readonly message: string;
}

export interface RetentionCheck {
  /** Leaf-only entries from index 0 on. */
  readonly pruned: number;
  /** The latest log.pruned record: where it is and what it declares. */
  readonly declaration?: { readonly idx: number; readonly upToIdx: number };
  readonly problems: readonly RetentionProblem[];
}

/**
 * A pruned record keeps only its leaf hash, which the checkpoints still vouch for, so the tree alone cannot
 * tell a retention prune from someone blanking records. Retention only ever redacts a prefix of the log and
 * records that in a log.pruned record in the same transaction; this checks both. A leaf-only entry after a
 * whole record, or a prefix the latest declaration does not name, is a record removed some other way.
 */
export class PrunedPrefix {
  private length = 0;
  private sawRecord = false;
  private stray?: number;
  private readonly declarations: Array<{ idx: number; upToIdx: unknown }> = [];

  /** One entry, in index order (the sequential verifier). */
  push(idx: number, pruned: boolean): void {
    if (!pruned) this.sawRecord = true;
    else if (this.sawRecord) this.stray ??= idx;
    else this.length++;
  }

  /** One records file, in index order (worker threads): how many lines it starts with are leaf-only, and the first stray one. */
  file(first: number, lines: number, leading: number, stray: number | undefined): void {
    if (leading > 0 && this.sawRecord) this.stray ??= first;
    else this.length += leading;
    if (leading < lines) this.sawRecord = true;
    if (stray !== undefined) this.stray ??= stray;
  }

  declare(record: LedgerRecord): void {
    const body = record.body as { upToIdx?: unknown } | null;
    this.declarations.push({ idx: record.idx, upToIdx: body?.upToIdx });
  }

  result(formatVersion: number): RetentionCheck {
    const problems: RetentionProblem[] = [];
    if (formatVersion < 2 && (this.length > 0 || this.stray !== undefined)) {
      problems.push({ idx: this.length > 0 ? 0 : this.stray!, message: `export format ${formatVersion} has no pruned records, yet record ${this.length > 0 ? 0 : this.stray} is leaf-only` });
    }
    if (this.stray !== undefined) {
      problems.push({ idx: this.stray, message: `record ${this.stray} is pruned, but an earlier record is whole: retention prunes only from the start of the log` });
    }
    let previous = 0;
    for (const d of this.declarations) {
      if (!Number.isSafeInteger(d.upToIdx) || (d.upToIdx as number) < previous || (d.upToIdx as number) > d.idx) {
        problems.push({ idx: d.idx, message: `log.pruned record ${d.idx} declares upToIdx ${JSON.stringify(d.upToIdx)}: not an index between the previous prune (${previous}) and itself` });
        return { pruned: this.length, problems };
      }
      previous = d.upToIdx as number;
    }
    const latest = this.declarations.at(-1) as { idx: number; upToIdx: number } | undefined;
    const declared = latest?.upToIdx ?? 0;
    if (this.length > declared) {
      problems.push({ idx: declared, message: `records ${declared}…${this.length - 1} are pruned, but ${latest ? `the latest log.pruned record (${latest.idx}) declares only 0…${declared - 1}` : 'no log.pruned record declares it'}` });
    } else if (this.length < declared) {
      problems.push({ idx: this.length, message: `log.pruned record ${latest!.idx} declares records 0…${declared - 1} pruned, but record ${this.length} is whole` });
    }
    return { pruned: this.length, declaration: latest && { idx: latest.idx, upToIdx: latest.upToIdx }, problems };
  }
}
