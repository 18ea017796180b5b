import type { CredentialCacheRequest, SealedCredentialCache } from '#contracts';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';
import type { CacheAcceptResult, CredentialCache } from './credential-cache.js';

export interface CacheSyncDeps {
  cache: CredentialCache;
  mqtt: MqttPort;
  /** `topics.credentialCacheRequest(base, bridgeId)`. */
  requestTopic: string;
  /** Republishes the bridge status, so the api sees the new cache version. */
  publishStatus: () => Promise<void>;
  logger: Logger;
}

/**
 * Feeds cache envelopes from the api into the cache and answers for it: a new version is announced in the
 * status; a delta that does not fit (or a long delta chain) turns into a request for a full snapshot.
 */
export class CacheSync {
  constructor(private readonly deps: CacheSyncDeps) {}

  async handle(sealed: SealedCredentialCache): Promise<CacheAcceptResult> {
    const result = this.deps.cache.accept(sealed);
    if (result.status === 'updated') await this.deps.publishStatus();
    if (result.status === 'needs-full' || (result.status === 'updated' && result.compact)) await this.requestFull();
    return result;
  }

  /** `cache/request` with the version held: the api answers with a full snapshot. */
  async requestFull(): Promise<void> {
    const request: CredentialCacheRequest = { haveVersion: this.deps.cache.version };
    try {
      await this.deps.mqtt.publish(this.deps.requestTopic, request, { qos: 1 });
      this.deps.logger.info({ haveVersion: request.haveVersion }, 'asked the api for a full credential-cache snapshot');
    } catch (error) {
      // Not connected: the bridge asks again on every (re)connect anyway.
      this.deps.logger.warn({ err: errorMessage(error) }, 'credential-cache request not sent');
    }
  }
}
