import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sealCredentialCache, type CredentialCacheContent, type SealedCredentialCache } from '#contracts';
import { keypadCodeFor } from '#domain';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { pinState } from '../credentials/pin-policy.js';
import { PeopleRepository } from '../people/people.repository.js';
import { TemplateCipher } from '../people/template-cipher.js';
import { SiteRepository } from '../site/site.repository.js';

/**
 * Builds the credential cache a bridge authenticates from (architecture.md "Offline operation"): active people,
 * their PIN verifiers and vein templates, the bridge's reader thresholds — sealed for the bridge, with a version
 * that only grows. Templates are opened from their at-rest seal only to be sealed again for the bridge.
 */
@Injectable()
export class CredentialCacheBuilder {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleRepository,
    private readonly site: SiteRepository,
    private readonly cipher: TemplateCipher,
  ) {}

  async build(bridgeId: string): Promise<SealedCredentialCache> {
    const [{ version }] = await this.dataSource.query(`SELECT nextval('credential_cache_version')::int AS version`);
    const now = new Date();
    const people = await this.people.activePeople();
    const ids = people.map((p) => p.id);
    const pins = new Map((await this.people.pinsFor(ids)).map((p) => [p.personId, p]));
    const templates = await this.people.templatesFor(ids);
    const readers = await this.site.readersOfBridge(bridgeId);

    const content: CredentialCacheContent = {
      version,
      bridgeId,
      issuedAt: new Date().toISOString(),
      people: people
        .filter((p) => pins.has(p.id))
        .map((p) => ({
          personId: p.id,
          personNo: p.personNo,
          keypadCode: keypadCodeFor(p.personNo),
          kind: p.kind,
          pinVerifier: pins.get(p.id)!.verifier,
          pinUsable: pinState(pins.get(p.id)!, now) === 'usable',
          templates: templates
            .filter((t) => t.personId === p.id)
            .map((t) => ({
              id: t.id,
              position: t.position,
              format: t.format,
              data: this.cipher.open(t.sealed, p.id, t.id).toString('base64'),
            })),
        })),
      readers: readers.map((r) => ({ readerId: r.id, veinThreshold: r.veinThreshold })),
    };
    return sealCredentialCache(content, this.config.cacheKey);
  }
}
