import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  sealCredentialCache,
  sealCredentialCacheDelta,
  type CredentialCacheContent,
  type CredentialCacheDelta,
  type SealedCredentialCache,
} from '#contracts';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CacheKeyring } from './cache-keyring.js';
import { CacheSigner } from './cache-signer.js';
import { cacheStateOf, diffCacheState, isEmptyChange, type CacheState } from './cache-state.js';
import { CredentialCacheSource } from './credential-cache.source.js';

export interface BuiltCache {
  sealed: SealedCredentialCache;
  /** What the bridge holds once it applied `sealed`: the base of the next delta. */
  state: CacheState;
}

/**
 * Builds the credential cache a bridge authenticates from (architecture.md "Offline operation"): a full
 * snapshot, or a delta with only the people added, changed or removed since what the bridge was last sent.
 * Either is sealed with that bridge's key and signed by the api; versions come from one sequence and only grow.
 */
@Injectable()
export class CredentialCacheBuilder {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly source: CredentialCacheSource,
    private readonly keyring: CacheKeyring,
    private readonly signer: CacheSigner,
  ) {}

  /** A full snapshot, sealed and signed for this bridge. */
  async build(bridgeId: string): Promise<SealedCredentialCache> {
    return (await this.buildFull(bridgeId)).sealed;
  }

  async buildFull(bridgeId: string): Promise<BuiltCache> {
    const version = await this.nextVersion();
    const now = new Date();
    const [people, readers] = await Promise.all([this.source.peopleNow(now), this.source.readers(bridgeId)]);
    const content: CredentialCacheContent = {
      version,
      bridgeId,
      issuedAt: new Date().toISOString(),
      people: await this.source.cachedPeople(people),
      readers,
      cardKey: this.config.cardKey.toString('base64'),
    };
    const sealed = this.signer.sign(sealCredentialCache(content, this.keyring.keyFor(bridgeId)), bridgeId);
    return { sealed, state: cacheStateOf(version, people, readers) };
  }

  /** What changed since `since` as a delta on top of it; undefined when nothing the bridge holds changed. */
  async buildDelta(bridgeId: string, since: CacheState): Promise<BuiltCache | undefined> {
    const now = new Date();
    const [people, readers] = await Promise.all([this.source.peopleNow(now), this.source.readers(bridgeId)]);
    const current = cacheStateOf(since.version, people, readers);
    const changes = diffCacheState(since, current);
    if (isEmptyChange(changes)) return undefined;
    const version = await this.nextVersion();
    const changed = new Set(changes.changed);
    const delta: CredentialCacheDelta = {
      version,
      baseVersion: since.version,
      bridgeId,
      issuedAt: new Date().toISOString(),
      upserts: await this.source.cachedPeople(people.filter((p) => changed.has(p.personId))),
      removals: changes.removed,
      ...(changes.readersChanged && { readers }),
    };
    const sealed = this.signer.sign(sealCredentialCacheDelta(delta, this.keyring.keyFor(bridgeId)), bridgeId);
    return { sealed, state: { ...current, version } };
  }

  private async nextVersion(): Promise<number> {
    const [{ version }] = await this.dataSource.query(`SELECT nextval('credential_cache_version')::int AS version`);
    return version as number;
  }
}
