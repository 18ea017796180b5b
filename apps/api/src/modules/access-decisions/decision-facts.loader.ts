import { Injectable } from '@nestjs/common';
import type { DecisionRequest } from '#contracts';
import type { AccessFacts } from '#domain';
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
    private readonly site: SiteRepository,
    private readonly people: PeopleRepository,
  ) {}

  async load(m: EntityManager, req: DecisionRequest): Promise<LoadedFacts> {
    const door = await this.site.findDoorOfBridge(req.doorId, req.bridgeId, m);
    const reader = door ? await this.site.findReader(req.readerId, m) : null;
    const doorKnown = !!door && !!reader && reader.doorId === door.id && reader.direction === req.direction;
    const person = req.personId ? await this.people.findPerson(req.personId, m) : null;
    if (!door || !person) {
      return { facts: { doorKnown, person: person ?? undefined, authorisations: [], escortAvailable: false }, areaId: door?.areaId };
    }
    const authorisations = await this.people.authorisationsFor(person.id, door.areaId, m);
    const escortPersonId = await this.findEscort(m, door.areaId, person.id);
    return {
      facts: {
        doorKnown,
        person: { kind: person.kind, status: person.status },
        authorisations: authorisations.map((a) => ({ validFrom: a.validFrom, validUntil: a.validUntil, requiresEscort: a.requiresEscort })),
        escortAvailable: !!escortPersonId,
      },
      areaId: door.areaId,
      escortPersonId,
    };
  }

  /**
   * An active staff member inside the area now (a staff entry grant opens their stay at once, so staff who
   * just authenticated at the door count too). The pending-contractor window comes with the decisions issue.
   */
  private async findEscort(m: EntityManager, areaId: string, personId: string): Promise<string | undefined> {
    const rows = await m.query(
      `SELECT s.person_id FROM ledger_stays s JOIN people p ON p.id = s.person_id
        WHERE s.area_id = $1 AND s.exited_at IS NULL AND p.kind = 'staff' AND p.status = 'active' AND p.id <> $2
        ORDER BY s.entered_at DESC LIMIT 1`,
      [areaId, personId],
    );
    return rows[0]?.person_id;
  }
}
