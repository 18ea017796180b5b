// The tamper-evident access log's pure core: canonical record bytes, RFC 6962 Merkle tree and proofs,
// C2SP signed notes and checkpoints, and the offline verifier. See README.md in this folder.
export { EMPTY_ROOT, HASH_SIZE, type Hash, hashEquals, isHash, leafHash, leafHashInPlace, nodeHash, sha256 } from './hash.js';
export { CanonicalJsonError, canonicalJson, type JsonPrimitive, type JsonValue } from './jcs.js';
export {
  CANONICAL_RECORD_VERSION,
  CanonicalRecordError,
  type LedgerRecord,
  encodeRecord,
  recordLeafHash,
} from './canonical-record.js';
export { type RecordDecodeError, type RecordDecodeResult, decodeRecord } from './canonical-record-decode.js';
export { type LeafRange, type NodeId, consistencyProofRanges, inclusionProofRanges, perfectSubtrees } from './tree-math.js';
export { type NodeVisitor, TreeFrontier } from './tree-frontier.js';
export {
  type NodeSource,
  type ProofPlan,
  assembleProof,
  consistencyProof,
  foldSubtrees,
  inclusionProof,
  leafSource,
  merkleRoot,
  nodeLeafRange,
  planConsistencyProof,
  planInclusionProof,
  rangeHash,
  subtreeHash,
} from './merkle.js';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.js';
export {
  ED25519_SIGNATURE_TYPE,
  type KeyError,
  type KeyResult,
  type NoteSigner,
  type NoteVerifier,
  formatSignerKey,
  formatVerifierKey,
  generateNoteKey,
  isValidKeyName,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
} from './note-keys.js';
export { parseSignerKeySet, type SignerKeySetResult } from './signer-key-set.js';
export {
  MAX_NOTE_SIGNATURES,
  type NoteError,
  type NoteErrorCode,
  type NoteSignature,
  type OpenNoteResult,
  type OpenedNote,
  openNote,
  signNote,
} from './signed-note.js';
export {
  type Checkpoint,
  type CheckpointError,
  type CheckpointErrorCode,
  type CheckpointInput,
  type OpenCheckpointResult,
  type OpenedCheckpoint,
  type ParseCheckpointResult,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  sameTreeHead,
  signCheckpoint,
} from './checkpoint.js';
export {
  type EncodedRecord,
  type LeafVerdict,
  type LogEntry,
  type LogProblem,
  LogVerifier,
  type SegmentDigest,
  type VerifyLogOptions,
  type VerifyLogReport,
  verifyLog,
  verifyLogAsync,
} from './verify-log.js';
export { digestSegment } from './segment.js';
export { SegmentTree } from './segment-tree.js';
export { RecordView } from './record-view.js';
export {
  type ProjectedStay,
  type Stay,
  type StayAnomaly,
  type StayExitKind,
  type StayInput,
  type StayMethod,
  type StaySources,
  StayProjector,
  affectsStays,
  projectStays,
} from './project-stays.js';
