import { Injectable, Logger } from '@nestjs/common';
import { topics } from '#contracts';
import { CredentialCacheBuilder, type BuiltCache } from '../credential-cache/credential-cache.builder.js';
import type { CacheState } from '../credential-cache/cache-state.js';
import { MqttConnection } from './mqtt-connection.js';
import { SerialQueue } from './serial-queue.js';

export type CacheSent = 'full' | 'delta' | 'none';

/**
 * Sends each bridge its credential cache, one send at a time per bridge, and remembers what it sent: the
 * base of the next delta. A bridge this api process has sent nothing to yet (or that asks) gets a full
 * snapshot. If a bridge missed a delta, the next one does not fit its version and it asks for a snapshot.
 */
@Injectable()
export class CredentialCacheSender {
  private readonly logger = new Logger(CredentialCacheSender.name);
  private readonly sent = new Map<string, CacheState>();
  private readonly queue = new SerialQueue();

  constructor(
    private readonly builder: CredentialCacheBuilder,
    private readonly mqtt: MqttConnection,
  ) {}

  /** Whether this api process has sent the bridge a cache since it started. */
  knows(bridgeId: string): boolean {
    return this.sent.has(bridgeId);
  }

  sendFull(bridgeId: string, why: string): Promise<void> {
    return this.queue.run(bridgeId, async () => {
      await this.publish(bridgeId, await this.builder.buildFull(bridgeId), why);
    });
  }

  /** After a change: a delta when the bridge's state is known, else a snapshot; nothing when nothing changed. */
  async sendChanges(bridgeId: string, why: string): Promise<CacheSent> {
    let result: CacheSent = 'none';
    await this.queue.run(bridgeId, async () => {
      const since = this.sent.get(bridgeId);
      const built = since ? await this.builder.buildDelta(bridgeId, since) : await this.builder.buildFull(bridgeId);
      if (!built) return;
      await this.publish(bridgeId, built, why);
      result = since ? 'delta' : 'full';
    });
    return result;
  }

  private async publish(bridgeId: string, built: BuiltCache, why: string): Promise<void> {
    await this.mqtt.publish(topics.credentialCache(this.mqtt.baseTopic, bridgeId), built.sealed);
    this.sent.set(bridgeId, built.state);
    const { version, kind, baseVersion } = built.sealed;
    this.logger.debug({ bridgeId, version, kind, baseVersion, people: built.state.people.size, why }, 'credential cache sent');
  }
}
