import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import {
  AuthorisationEntity,
  PersonEntity,
  PinCredentialEntity,
  VeinTemplateEntity,
} from './people.entities.js';

/** Reads people, their credentials and authorisations (the only DB touchpoint of the people module). */
@Injectable()
export class PeopleRepository {
  constructor(
    @InjectRepository(PersonEntity) private readonly people: Repository<PersonEntity>,
    @InjectRepository(PinCredentialEntity) private readonly pins: Repository<PinCredentialEntity>,
    @InjectRepository(VeinTemplateEntity) private readonly templates: Repository<VeinTemplateEntity>,
    @InjectRepository(AuthorisationEntity) private readonly authorisations: Repository<AuthorisationEntity>,
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
}
