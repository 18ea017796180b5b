import { affectsStays, decodeRecord, leafHashInPlace, RecordView, type LedgerRecord, type StayInput } from '#domain';
import { isPruneDeclaration } from './pruned-prefix.js';

/*
 * Records files of export format version 3 (records/<first idx, 16 digits>.bin): one frame per record, in
 * index order, nothing between them:
 *
 *   u32 payload length (big-endian) ‖ payload
 *
 * The payload is the record's canonical bytes (libs/domain/src/ledger/README.md §1; first byte 0x01): exactly
 * the bytes its leaf hash covers, so verifying a record is hashing it. A record pruned by retention is
 *   0x00 ‖ i64 idx ‖ its 32-byte stored leaf hash
 * (41 bytes; 0x00 is no canonical version).
 */
export const PRUNED_TAG = 0x00;
const PRUNED_PAYLOAD = 1 + 8 + 32;

export function recordFrame(canonical: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(4 + canonical.length);
  frame.writeUInt32BE(canonical.length, 0);
  canonical.copy(frame, 4);
  return frame;
}

export function prunedFrame(idx: number, leafHash: Buffer): Buffer {
  const frame = Buffer.alloc(4 + PRUNED_PAYLOAD);
  frame.writeUInt32BE(PRUNED_PAYLOAD, 0);
  frame[4] = PRUNED_TAG;
  frame.writeBigInt64BE(BigInt(idx), 5);
  leafHash.copy(frame, 13);
  return frame;
}

/** One frame as the verifier uses it. */
export type Frame =
  | {
      readonly idx: number;
      /** SHA-256(0x00 ‖ payload) of a record, or the stored leaf hash of a pruned one: a 'binary' string. */
      readonly leaf: string;
      readonly pruned: boolean;
      /** The record's log (records only). */
      readonly logId?: string;
      /** What the ledger rebuild needs, for a record that can change a stay. */
      readonly stay?: StayInput;
      /** A log.pruned record, whole. */
      readonly declaration?: LedgerRecord;
    }
  | { readonly error: string };

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const [DECISION, ANNOTATION, ADMIN] = ['decision', 'annotation', 'admin'].map(bytes) as [Buffer, Buffer, Buffer];

/**
 * The frames of one records file read whole into `buf`, in order, for the log `logId`. Stops after the first
 * frame that is not a record (an error), so the caller can name its index. Only the few fields the verifier
 * needs are made into strings, and only for the records that need them.
 */
export function* readFrames(buf: Buffer, logId: string): Generator<Frame> {
  const view = new RecordView();
  const ownLog = bytes(logId);
  for (let pos = 0; pos < buf.length; ) {
    if (pos + 4 > buf.length) return yield { error: 'the file ends inside a frame length' };
    const start = pos + 4;
    const end = start + buf.readUInt32BE(pos);
    if (end > buf.length) return yield { error: `a frame of ${end - start} bytes runs past the end of the file` };
    pos = end;
    if (buf[start] === PRUNED_TAG) {
      if (end - start !== PRUNED_PAYLOAD) return yield { error: `a pruned record's frame holds ${end - start} bytes, not ${PRUNED_PAYLOAD}` };
      yield { idx: Number(buf.readBigInt64BE(start + 1)), leaf: buf.toString('latin1', start + 9, end), pruned: true };
      continue;
    }
    const problem = view.walk(buf, start, end);
    if (problem) return yield { error: `not a canonical record: ${problem}` };
    let stay: StayInput | undefined;
    let declaration: LedgerRecord | undefined;
    if ((view.is('kind', DECISION) || view.is('kind', ANNOTATION)) && affectsStays(view)) {
      try {
        stay = view.stayInput();
      } catch {
        return yield { error: 'its body is not JSON' };
      }
    } else if (view.is('kind', ADMIN) && isPruneDeclaration(view)) {
      const decoded = decodeRecord(buf.subarray(start, end));
      if (!decoded.ok) return yield { error: `not a canonical record: ${decoded.error.message}` };
      declaration = decoded.record;
    }
    const log = view.is('logId', ownLog) ? logId : view.logId;
    yield { idx: view.idx, leaf: leafHashInPlace(buf, start, end), pruned: false, logId: log, stay, declaration };
  }
}
