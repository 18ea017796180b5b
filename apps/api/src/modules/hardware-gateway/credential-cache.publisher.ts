import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { auditTime, type Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { BridgeRegistry } from './bridge-registry.js';
import { CredentialCacheSender, type CacheSent } from './credential-cache.sender.js';

/** How long changes are gathered before one push (an HR import changes hundreds of people at once). */
const COALESCE_MS = 200;

/**
 * Pushes what changed to every bridge whenever people, PINs, templates, cards or authorisations change — a
 * delta with only the people concerned — so a suspension or revocation is in force at the doors within seconds.
 */
@Injectable()
export class CredentialCachePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CredentialCachePublisher.name);
  private subscription?: Subscription;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: CredentialChanges,
    private readonly sender: CredentialCacheSender,
    private readonly registry: BridgeRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.changes.changes.pipe(auditTime(COALESCE_MS)).subscribe((reason) => {
      this.running = this.running.then(() => this.pushAll(reason)).catch((err: Error) => this.logger.error({ err: err.message }, 'cache push failed'));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.running;
  }

  async pushAll(reason: string): Promise<void> {
    const rows: Array<{ bridge_id: string }> = await this.dataSource.query('SELECT DISTINCT bridge_id FROM doors');
    const bridges = new Set([...rows.map((r) => r.bridge_id), ...this.registry.list().map((b) => b.bridgeId)]);
    const sent: Record<CacheSent, number> = { full: 0, delta: 0, none: 0 };
    for (const bridgeId of bridges) sent[await this.sender.sendChanges(bridgeId, reason)]++;
    this.logger.log({ reason, bridges: bridges.size, ...sent }, 'pushed credential-cache changes');
  }
}
