import {
  SealedCredentialCache,
  decodePayload,
  unsealCredentialCache,
  type CacheKey,
  type CachedPerson,
  type CredentialCacheContent,
} from '#contracts';
import { isoNow, type Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import type { SealedCacheStore } from './sealed-cache.store.js';

export type CacheAcceptResult =
  | { status: 'updated'; version: number }
  | { status: 'stale'; version: number }
  | { status: 'rejected'; reason: string };

/**
 * The offline credential cache: the unsealed content lives only in memory; the sealed envelope is what
 * is stored, and it is unsealed again at start.
 */
export class CredentialCache {
  private content: CredentialCacheContent | undefined;
  private byKeypadCode = new Map<string, CachedPerson>();
  private thresholds = new Map<string, number>();

  constructor(
    private readonly store: SealedCacheStore,
    private readonly key: CacheKey,
    private readonly bridgeId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** 0 when the bridge holds no cache. */
  get version(): number {
    return this.content?.version ?? 0;
  }

  get issuedAt(): string | undefined {
    return this.content?.issuedAt;
  }

  /** Loads the stored envelope; a bad or foreign one is logged and ignored (the api will send a fresh one). */
  load(): void {
    const raw = this.store.loadRaw();
    if (raw === undefined) return;
    const decoded = decodePayload(SealedCredentialCache, raw);
    if (!decoded.ok) {
      this.logger.warn({ problem: decoded.problem }, 'stored credential cache is invalid; starting without a cache');
      return;
    }
    const result = this.unseal(decoded.value);
    if (result.ok) {
      this.install(result.content);
      this.logger.info({ cacheVersion: this.version }, 'credential cache loaded');
    } else {
      this.logger.warn({ reason: result.reason }, 'stored credential cache cannot be unsealed; starting without a cache');
    }
  }

  /** A snapshot from the api. Older or equal versions are ignored (a retained or replayed message). */
  accept(sealed: SealedCredentialCache): CacheAcceptResult {
    if (sealed.version <= this.version) return { status: 'stale', version: this.version };
    const result = this.unseal(sealed);
    if (!result.ok) {
      this.logger.error({ reason: result.reason, offeredVersion: sealed.version }, 'credential cache rejected');
      return { status: 'rejected', reason: result.reason };
    }
    // Disk first: a crash right after must not leave memory ahead of what a restart would load.
    this.store.save(sealed, isoNow(this.clock));
    this.install(result.content);
    this.logger.info({ cacheVersion: this.version, people: result.content.people.length }, 'credential cache updated');
    return { status: 'updated', version: this.version };
  }

  findByKeypadCode(code: string): CachedPerson | undefined {
    return this.byKeypadCode.get(code);
  }

  /** The reader's vein match threshold from the api; undefined when the cache does not know the reader. */
  readerThreshold(readerId: string): number | undefined {
    return this.thresholds.get(readerId);
  }

  private unseal(sealed: SealedCredentialCache): { ok: true; content: CredentialCacheContent } | { ok: false; reason: string } {
    const result = unsealCredentialCache(sealed, this.key);
    if (!result.ok) return { ok: false, reason: result.error };
    if (result.content.bridgeId !== this.bridgeId) return { ok: false, reason: 'wrong-bridge' };
    return result;
  }

  private install(content: CredentialCacheContent): void {
    this.content = content;
    this.byKeypadCode = new Map(content.people.map((p) => [p.keypadCode, p]));
    this.thresholds = new Map(content.readers.map((r) => [r.readerId, r.veinThreshold]));
  }
}
