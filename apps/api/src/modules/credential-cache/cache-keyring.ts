import { Inject, Injectable } from '@nestjs/common';
import type { CacheKey } from '#contracts';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * Which AES-256-GCM key seals a bridge's cache: its own from ACS_CACHE_KEYS(_FILE), else the default
 * ACS_CACHE_KEY. A cache is only ever sealed for (and published to) the one bridge it was built for.
 */
@Injectable()
export class CacheKeyring {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  keyFor(bridgeId: string): CacheKey {
    return this.config.cacheKeys.get(bridgeId) ?? this.config.cacheKey;
  }

  /** Bridges with a key of their own (the others share the default key). */
  get bridgesWithOwnKeys(): string[] {
    return [...this.config.cacheKeys.keys()];
  }
}
