import { Inject, Injectable } from '@nestjs/common';
import type { DecisionRequest } from '#contracts';
import { localTime, type AccessFacts } from '#domain';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { pinState } from '../credentials/pin-policy.js';
import { PinCredentialEntity } from '../people/people.entities.js';
import type { EntityManager } from 'typeorm';
import { PeopleRepository } from '../people/people.repository.js';
import { SiteRepository } from '../site/site.repository.js';

export interface LoadedFacts {
  facts: AccessFacts;
  areaId?: string;
  /** The staff member whose presence satisfies an escort requirement, for the ledger's witness column. */
  escortPersonId?: string;
}

/** Gathers everything the decision rule needs about one attempt, inside the deciding transaction. */
@Injectable()
export class DecisionFactsLoader {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly site: SiteRepository,
    private readonly people: PeopleRepository,
  ) {}

  async load(m: EntityManager, req: DecisionRequest, now: Date): Promise<LoadedFacts> {
    const door = await this.site.findDoorOfBridge(req.doorId, req.bridgeId, m);
    const reader = door ? await this.site.findReader(req.readerId, m) : null;
    const doorKnown = !!door && !!reader && reader.doorId === door.id && reader.direction === req.direction;
    const person = req.personId && (await this.identifierStillTheirs(m, req)) ? await this.people.findPerson(req.personId, m) : null;
    if (!door || !person) {
      return { facts: { doorKnown, person: person ?? undefined, authorisations: [], escortAvailable: false }, areaId: door?.areaId };
    }
    const authorisations = await this.people.authorisationsFor(person.id, door.areaId, m);
    const escortPersonId = await this.findEscort(m, door.areaId, door.id, person.id, now);
    const pin = await m.findOneBy(PinCredentialEntity, { personId: person.id });
    // Schedules are in the site's local time; the decision uses the api's clock (the bridge's may drift).
    const local = localTime(now, this.config.timeZone);
    const [holiday] = await m.query('SELECT 1 FROM holidays WHERE date = $1', [local.date]);
    const [inside] = await m.query('SELECT 1 FROM ledger_stays WHERE person_id = $1 AND area_id = $2 AND exited_at IS NULL LIMIT 1', [person.id, door.areaId]);
    return {
      facts: {
        doorKnown,
        person: { kind: person.kind, status: person.status, pin: pinState(pin, now) },
        authorisations: authorisations.map((a) => ({
          validFrom: a.validFrom, validUntil: a.validUntil, requiresEscort: a.requiresEscort, status: a.status, schedule: a.schedule,
        })),
        escortAvailable: !!escortPersonId,
        lockdown: !!door.area?.lockdownAt,
        alreadyInside: !!inside,
        local,
        holiday: !!holiday,
      },
      areaId: door.areaId,
      escortPersonId,
    };
  }

  /**
   * A card claim holds only while the card is live for that person: a bridge whose cache still has a card
   * revoked a moment ago must not get a grant for it (the attempt is then decided as an unknown identifier).
   */
  private async identifierStillTheirs(m: EntityManager, req: DecisionRequest): Promise<boolean> {
    if (req.identifier.kind !== 'card') return true;
    if (!/^[0-9a-f]{32}$/.test(req.identifier.value)) return false;
    const [live] = await m.query(
      `SELECT 1 FROM card_credentials WHERE person_id = $1 AND revoked_at IS NULL AND substring(card_hash FROM 1 FOR 16) = decode($2, 'hex') LIMIT 1`,
      [req.personId, req.identifier.value],
    );
    return !!live;
  }

  /**
   * A staff escort for a contractor: an active staff member who authenticated at this door within the escort
   * window (e.g. came out to fetch them), or who is inside the area now.
   */
  private async findEscort(m: EntityManager, areaId: string, doorId: string, personId: string, now: Date): Promise<string | undefined> {
    const since = new Date(now.getTime() - this.config.escortWindowMs);
    const rows = await m.query(
      `(SELECT l.person_id FROM access_log l JOIN people p ON p.id = l.person_id
         WHERE l.kind = 'decision' AND l.outcome = 'grant' AND l.door_id = $2 AND l.occurred_at >= $3 AND l.occurred_at <= $5
           AND p.kind = 'staff' AND p.status = 'active' AND p.id <> $4
         ORDER BY l.occurred_at DESC LIMIT 1)
       UNION ALL
       (SELECT s.person_id FROM ledger_stays s JOIN people p ON p.id = s.person_id
         WHERE s.area_id = $1 AND s.exited_at IS NULL AND p.kind = 'staff' AND p.status = 'active' AND p.id <> $4
         ORDER BY s.entered_at DESC LIMIT 1)`,
      [areaId, doorId, since, personId, now],
    );
    return rows[0]?.person_id;
  }
}
