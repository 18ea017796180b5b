import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { CardCredentialEntity } from './card-credential.entity.js';
import {
  AuthorisationEntity,
  PersonEntity,
  PinCredentialEntity,
  VeinTemplateEntity,
} from './people.entities.js';

export interface ActivePersonPin {
  id: string;
  personNo: string;
  kind: PersonEntity['kind'];
  verifier: string;
  mustChange: boolean;
  lockedUntil: Date | null;
  expiresAt: Date | null;
}

/** Reads people, their credentials and authorisations (the only DB touchpoint of the people module). */
@Injectable()
export class PeopleRepository {
  constructor(
    @InjectRepository(PersonEntity) private readonly people: Repository<PersonEntity>,
    @InjectRepository(PinCredentialEntity) private readonly pins: Repository<PinCredentialEntity>,
    @InjectRepository(VeinTemplateEntity) private readonly templates: Repository<VeinTemplateEntity>,
    @InjectRepository(AuthorisationEntity) private readonly authorisations: Repository<AuthorisationEntity>,
    @InjectRepository(CardCredentialEntity) private readonly cards: Repository<CardCredentialEntity>,
  ) {}

  findPerson(id: string, manager?: EntityManager): Promise<PersonEntity | null> {
    return (manager?.getRepository(PersonEntity) ?? this.people).findOneBy({ id });
  }

  authorisationsFor(personId: string, areaId: string, manager?: EntityManager): Promise<AuthorisationEntity[]> {
    return (manager?.getRepository(AuthorisationEntity) ?? this.authorisations).findBy({ personId, areaId });
  }

  activePeople(): Promise<PersonEntity[]> {
    return this.people.find({ where: { status: 'active' }, order: { personNo: 'ASC' } });
  }

  pinsFor(personIds: string[]): Promise<PinCredentialEntity[]> {
    return personIds.length === 0 ? Promise.resolve([]) : this.pins.findBy({ personId: In(personIds) });
  }

  templatesFor(personIds: string[]): Promise<VeinTemplateEntity[]> {
    return personIds.length === 0 ? Promise.resolve([]) : this.templates.findBy({ personId: In(personIds) });
  }

  /** Active people who have a PIN, with its state fields: one query (the credential cache reads this on every change). */
  async activeWithPins(): Promise<ActivePersonPin[]> {
    const rows: Array<Record<string, never>> = await this.people.query(
      `SELECT p.id, p.person_no, p.kind, c.verifier, c.must_change, c.locked_until, c.expires_at
         FROM people p JOIN pin_credentials c ON c.person_id = p.id
        WHERE p.status = 'active' ORDER BY p.person_no`,
    );
    return rows.map((r) => ({ id: r.id, personNo: r.person_no, kind: r.kind, verifier: r.verifier, mustChange: r.must_change, lockedUntil: r.locked_until, expiresAt: r.expires_at }));
  }

  /** Which templates active people have, without the sealed data (templates never change under their id). */
  async activeTemplateInfo(): Promise<Array<{ id: string; personId: string; position: string; format: number }>> {
    const rows: Array<Record<string, never>> = await this.templates.query(
      `SELECT t.id, t.person_id, t.position, t.format FROM vein_templates t JOIN people p ON p.id = t.person_id WHERE p.status = 'active'`,
    );
    return rows.map((r) => ({ id: r.id, personId: r.person_id, position: r.position, format: r.format }));
  }

  /** Unrevoked IC staff cards (their keyed hashes) of active people. */
  async activeLiveCards(): Promise<Array<{ personId: string; cardHash: Buffer }>> {
    const rows: Array<Record<string, never>> = await this.cards.query(
      `SELECT c.person_id, c.card_hash FROM card_credentials c JOIN people p ON p.id = c.person_id WHERE p.status = 'active' AND c.revoked_at IS NULL`,
    );
    return rows.map((r) => ({ personId: r.person_id, cardHash: r.card_hash }));
  }

  /** Sealed templates of these people (one array parameter, however many people). */
  sealedTemplatesOf(personIds: string[]): Promise<VeinTemplateEntity[]> {
    return personIds.length === 0
      ? Promise.resolve([])
      : this.templates.createQueryBuilder('t').where('t.person_id = ANY(CAST(:ids AS uuid[]))', { ids: personIds }).getMany();
  }
}
