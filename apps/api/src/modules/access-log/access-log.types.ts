export const LogKind = {
  Attempt: 'attempt',
  Decision: 'decision',
  Door: 'door',
  Reader: 'reader',
  Bridge: 'bridge',
  Admin: 'admin',
  Annotation: 'annotation',
  /** Alarms the api raises (two-person rule), their clearing and operators' acknowledgements. */
  Alarm: 'alarm',
} as const;
export type LogKind = (typeof LogKind)[keyof typeof LogKind];

/** A record to append. `id` is born where the fact happened (a bridge event id, an attempt id). */
export interface NewLogRecord {
  id: string;
  kind: LogKind;
  type: string;
  occurredAt: Date;
  source: string;
  sourceSeq?: number;
  attemptId?: string;
  personId?: string;
  areaId?: string;
  doorId?: string;
  readerId?: string;
  outcome?: 'grant' | 'deny';
  reason?: string;
  body: Record<string, unknown>;
}

export interface LogRecord extends NewLogRecord {
  logId: string;
  idx: number;
  recordedAt: Date;
}

export interface AppendResult {
  /** Ids stored by this call, in index order. */
  appended: string[];
  /** Ids that were already in the log (duplicate deliveries): acknowledged, stored once. */
  duplicates: string[];
}

export const MAIN_LOG = 'main';

/**
 * The kind of a record pruned by retention (`acs log prune`): only its log, index, id, occurred_at and leaf hash
 * are left, so it is no record any more, just a leaf that old checkpoints and proofs still cover.
 */
export const PRUNED_KIND = 'pruned';

/** A pruned record as the log's record listing shows it. */
export interface PrunedLeaf {
  logId: string;
  idx: number;
  leafHash: Buffer;
  pruned: true;
}
