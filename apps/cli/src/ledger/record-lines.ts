import { affectsStays, type LedgerRecord, type LogEntry, type StayInput } from '#domain';
import { isPruneDeclaration } from './pruned-prefix.js';
import { parseRecordLine } from './record-line.js';
import { RecordLineReader } from './record-line-bytes.js';

/** One line of a records file, as the verifier uses it. */
export type RecordLine =
  | {
      readonly idx: number;
      readonly entry: LogEntry;
      /** A leaf-only line (a record pruned by retention). */
      readonly pruned: boolean;
      /** What the ledger rebuild needs, for a record that can change a stay. */
      readonly stay?: StayInput;
      /** A log.pruned record, whole. */
      readonly declaration?: LedgerRecord;
    }
  | { readonly error: string };

/**
 * Reads record lines for the verifier: the exporter's plain lines by bytes (RecordLineReader), everything else
 * — and any line whose recomputed leaf hash differs, so that its problem names the record — through
 * parseRecordLine, exactly as before.
 */
export class RecordLines {
  private readonly fast: RecordLineReader;

  constructor(readonly logId: string) {
    this.fast = new RecordLineReader(logId);
  }

  read(buf: Buffer, start: number, end: number): RecordLine {
    const fast = this.fast;
    if (fast.read(buf, start, end) && (fast.pruned || (sameHash(fast.leaf!, fast.storedLeaf) && !isPruneDeclaration(fast)))) {
      if (fast.pruned) return { idx: fast.idx, entry: { idx: fast.idx, leafHash: fast.storedLeaf }, pruned: true };
      return {
        idx: fast.idx,
        entry: { idx: fast.idx, leafHash: fast.storedLeaf, encoded: { logId: this.logId, leaf: fast.leaf! } },
        pruned: false,
        stay: affectsStays(fast) ? fast.stayInput() : undefined,
      };
    }
    const parsed = parseRecordLine(buf.toString('utf8', start, end));
    if ('error' in parsed) return parsed;
    if (!parsed.record) return { idx: parsed.idx, entry: parsed, pruned: true };
    const r = parsed.record;
    return { idx: r.idx, entry: parsed, pruned: false, stay: affectsStays(r) ? r : undefined, declaration: isPruneDeclaration(r) ? r : undefined };
  }
}

/** A 'binary' string hash against its bytes. */
function sameHash(binary: string, bytes: Buffer): boolean {
  for (let i = 0; i < 32; i++) if (binary.charCodeAt(i) !== bytes[i]) return false;
  return true;
}
