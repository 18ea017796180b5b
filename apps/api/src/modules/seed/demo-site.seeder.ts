import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { cardHash } from '#contracts';
import { DEMO_AREA, DEMO_DOOR, DEMO_PEOPLE, SYNTHETIC_VEIN_FORMAT, syntheticVeinPattern } from '#demo-site';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind } from '../access-log/access-log.types.js';
import { TemplateCipher } from '../people/template-cipher.js';

const YEAR_MS = 365 * 86_400_000;

/**
 * Seeds the synthetic demo site (policy 5(3)②イⅲ: no real personal data) once: area, door, readers, people
 * with PINs, simulated vein templates and a demo IC card, and their authorisations. Running it again changes
 * nothing.
 */
@Injectable()
export class DemoSiteSeeder {
  private readonly logger = new Logger(DemoSiteSeeder.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: TemplateCipher,
    private readonly log: AccessLogRepository,
  ) {}

  async seed(): Promise<boolean> {
    // Hash outside the transaction: argon2id is deliberately slow.
    const pins = new Map(await Promise.all(DEMO_PEOPLE.map(async (p) => [p.personNo, await hash(p.pin)] as const)));
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['acs-demo-seed']);
      const [existing] = await m.query('SELECT 1 FROM areas WHERE id = $1', [DEMO_AREA.id]);
      if (existing) return false;
      await this.seedSite(m);
      const now = new Date();
      for (const p of DEMO_PEOPLE) {
        const personId = uuidv7();
        await m.query(
          `INSERT INTO people (id, person_no, kind, family_name, given_name, name_kana, affiliation_ja, affiliation_en)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [personId, p.personNo, p.kind, p.familyName, p.givenName, p.nameKana, p.affiliationJa, p.affiliationEn],
        );
        await m.query('INSERT INTO pin_credentials (person_id, verifier) VALUES ($1, $2)', [personId, pins.get(p.personNo)]);
        for (const position of p.fingers) {
          const templateId = uuidv7();
          const sealed = this.cipher.seal(syntheticVeinPattern(p.personNo, position), personId, templateId);
          await m.query(
            'INSERT INTO vein_templates (id, person_id, position, format, key_id, sealed) VALUES ($1, $2, $3, $4, $5, $6)',
            [templateId, personId, position, SYNTHETIC_VEIN_FORMAT, this.cipher.keyId, sealed],
          );
        }
        if (p.card !== undefined) {
          await m.query('INSERT INTO card_credentials (id, person_id, card_hash, label) VALUES ($1, $2, $3, $4)', [
            uuidv7(), personId, Buffer.from(cardHash(this.config.cardKey, p.card), 'hex'), 'デモ職員証 / demo staff card',
          ]);
        }
        await m.query(
          `INSERT INTO authorisations (id, person_id, area_id, valid_from, valid_until, requires_escort, reason, approved_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'demo-seed')`,
          [
            uuidv7(), personId, DEMO_AREA.id, new Date(now.getTime() - 86_400_000),
            p.kind === 'contractor' ? new Date(now.getTime() + YEAR_MS) : null,
            p.requiresEscort,
            p.kind === 'contractor' ? 'デモ: 保守作業 / demo: maintenance work' : 'デモ: 情報システム担当 / demo: system staff',
          ],
        );
      }
      await this.log.append(m, [
        {
          id: uuidv7(),
          kind: LogKind.Admin,
          type: 'demo-site.seeded',
          occurredAt: now,
          source: 'api',
          areaId: DEMO_AREA.id,
          body: { people: DEMO_PEOPLE.map((p) => p.personNo), doorId: DEMO_DOOR.id },
        },
      ]);
      this.logger.log({ people: DEMO_PEOPLE.length }, 'seeded the synthetic demo site');
      return true;
    });
  }

  private async seedSite(m: EntityManager): Promise<void> {
    await m.query('INSERT INTO areas (id, name_ja, name_en, floor) VALUES ($1, $2, $3, $4)', [
      DEMO_AREA.id, DEMO_AREA.nameJa, DEMO_AREA.nameEn, DEMO_AREA.floor,
    ]);
    await m.query('INSERT INTO doors (id, area_id, bridge_id, name_ja, name_en) VALUES ($1, $2, $3, $4, $5)', [
      DEMO_DOOR.id, DEMO_AREA.id, DEMO_DOOR.bridgeId, DEMO_DOOR.nameJa, DEMO_DOOR.nameEn,
    ]);
    for (const [id, direction] of [[DEMO_DOOR.entryReaderId, 'entry'], [DEMO_DOOR.exitReaderId, 'exit']] as const) {
      await m.query('INSERT INTO readers (id, door_id, direction, vein_threshold) VALUES ($1, $2, $3, $4)', [
        id, DEMO_DOOR.id, direction, DEMO_DOOR.veinThreshold,
      ]);
    }
  }
}
