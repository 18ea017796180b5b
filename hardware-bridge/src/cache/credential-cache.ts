import {
  MAX_CACHE_PAYLOAD_BYTES,
  SealedCredentialCache,
  decodePayload,
  type CacheKey,
  type CacheVerifierKey,
  type CachedPerson,
} from '#contracts';
import { isoNow, type Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { CacheOpener, type CacheRejection } from './cache-opener.js';
import { CacheView, type CardLookup } from './cache-view.js';
import type { SealedCacheStore } from './sealed-cache.store.js';

export type CacheAcceptResult =
  /** `compact`: many deltas are stored; a fresh snapshot would shorten the start-up replay. */
  | { status: 'updated'; version: number; compact?: true }
  | { status: 'stale'; version: number }
  /** A genuine delta for another base: nothing was applied; ask the api for a full snapshot. */
  | { status: 'needs-full'; version: number; baseVersion: number }
  | { status: 'rejected'; reason: CacheRejection };

export interface CacheStats {
  snapshots: number;
  deltas: number;
  stale: number;
  baseMismatches: number;
  /** Envelopes refused, by reason (unsigned, bad signature, wrong key, …). */
  rejected: Partial<Record<CacheRejection, number>>;
}

/** Beyond this many stored deltas the bridge asks for a fresh snapshot. */
export const MAX_STORED_DELTAS = 100;

/**
 * The offline credential cache: the unsealed content lives only in memory; what is stored is the last signed,
 * sealed snapshot and the signed, sealed deltas since, replayed at start. A delta is applied only on top of
 * exactly its base version — anything else is answered with a request for a full snapshot, never skipped.
 */
export class CredentialCache {
  private view: CacheView | undefined;
  private readonly opener: CacheOpener;
  private readonly counters: CacheStats = { snapshots: 0, deltas: 0, stale: 0, baseMismatches: 0, rejected: {} };

  constructor(
    private readonly store: SealedCacheStore,
    key: CacheKey,
    bridgeId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The api's public key (BRIDGE_API_PUBLIC_KEY); undefined = unsigned caches accepted (migration only). */
    verifier?: CacheVerifierKey,
  ) {
    this.opener = new CacheOpener(key, bridgeId, verifier);
  }

  /** 0 when the bridge holds no cache. */
  get version(): number {
    return this.view?.version ?? 0;
  }

  get issuedAt(): string | undefined {
    return this.view?.issuedAt;
  }

  /** Loads the stored snapshot and replays the stored deltas; what fails is logged and dropped (the api resends). */
  load(): void {
    const stored = this.store.loadRaw();
    if (stored === undefined) return;
    const snapshot = this.decode(stored.snapshot);
    const opened = snapshot && this.opener.open(snapshot);
    if (!opened || !opened.ok || opened.kind !== 'full') {
      this.logger.warn({ reason: opened && !opened.ok ? opened.reason : 'invalid' }, 'stored credential cache cannot be used; starting without a cache');
      return;
    }
    let view = CacheView.fromSnapshot(opened.content);
    for (const raw of stored.deltas) {
      const envelope = this.decode(raw);
      const delta = envelope && this.opener.open(envelope);
      if (!delta || !delta.ok || delta.kind !== 'delta' || delta.delta.baseVersion !== view.version) {
        this.logger.warn({ cacheVersion: view.version }, 'a stored credential-cache delta does not apply; dropping it and later ones');
        this.store.dropDeltasAbove(view.version);
        break;
      }
      view = view.apply(delta.delta);
    }
    this.view = view;
    this.logger.info({ cacheVersion: view.version, people: view.size, deltas: stored.deltas.length }, 'credential cache loaded');
  }

  /** An envelope from the api: signature first, then version, seal and (for a delta) its base. */
  accept(sealed: SealedCredentialCache): CacheAcceptResult {
    const signed = this.opener.verify(sealed);
    if (!signed.ok) return this.reject(signed.reason, sealed);
    // Older or equal versions are a retained or replayed message.
    if (sealed.version <= this.version) {
      this.counters.stale++;
      return { status: 'stale', version: this.version };
    }
    const opened = this.opener.unseal(sealed);
    if (!opened.ok) return this.reject(opened.reason, sealed);
    const now = isoNow(this.clock);
    if (opened.kind === 'full') {
      // Disk first: a crash right after must not leave memory ahead of what a restart would load.
      this.store.saveSnapshot(sealed, now);
      this.view = CacheView.fromSnapshot(opened.content);
      this.counters.snapshots++;
      this.logger.info({ cacheVersion: this.version, people: this.view.size }, 'credential cache updated (snapshot)');
      return { status: 'updated', version: this.version };
    }
    const { delta } = opened;
    if (!this.view || delta.baseVersion !== this.view.version) {
      this.counters.baseMismatches++;
      this.logger.warn({ cacheVersion: this.version, offeredVersion: delta.version, baseVersion: delta.baseVersion }, 'credential-cache delta is for another base; asking for a snapshot');
      return { status: 'needs-full', version: this.version, baseVersion: delta.baseVersion };
    }
    this.store.appendDelta(sealed, now);
    this.view = this.view.apply(delta);
    this.counters.deltas++;
    this.logger.info({ cacheVersion: this.version, upserts: delta.upserts.length, removals: delta.removals.length }, 'credential cache updated (delta)');
    return this.store.deltaCount() >= MAX_STORED_DELTAS ? { status: 'updated', version: this.version, compact: true } : { status: 'updated', version: this.version };
  }

  findByKeypadCode(code: string): CachedPerson | undefined {
    return this.view?.findByKeypadCode(code);
  }

  /** The holder of a presented card (raw bits, hex) and the card's reference for records. */
  findByCard(cardNumberHex: string): CardLookup {
    return this.view ? this.view.findByCard(cardNumberHex) : CacheView.noCard;
  }

  /** The reader's vein match threshold from the api; undefined when the cache does not know the reader. */
  readerThreshold(readerId: string): number | undefined {
    return this.view?.readerThreshold(readerId);
  }

  stats(): CacheStats {
    return structuredClone(this.counters);
  }

  private reject(reason: CacheRejection, sealed: SealedCredentialCache): CacheAcceptResult {
    this.counters.rejected[reason] = (this.counters.rejected[reason] ?? 0) + 1;
    this.logger.error({ reason, offeredVersion: sealed.version, kind: sealed.kind ?? 'full', rejectedTotal: this.counters.rejected[reason] }, 'credential cache rejected');
    return { status: 'rejected', reason };
  }

  private decode(raw: string): SealedCredentialCache | undefined {
    const decoded = decodePayload(SealedCredentialCache, raw, MAX_CACHE_PAYLOAD_BYTES);
    return decoded.ok ? decoded.value : undefined;
  }
}
