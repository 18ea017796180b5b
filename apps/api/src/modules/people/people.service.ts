import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keypadCodeFor } from '#domain';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { SqlFilter } from '../../database/sql-filter.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreatePersonDto, ListPeopleQuery, PeoplePageDto, PersonDto, UpdatePersonDto } from './dto/person.dto.js';
import { CompanyEntity, IdentityCheckEntity, OrgUnitEntity } from './organisation.entities.js';
import { revokeLiveCards } from './card-revocation.js';
import { AuthorisationEntity, PersonEntity, VeinTemplateEntity } from './people.entities.js';

const LEAVING = new Set(['retired', 'transferred']);

/** Staff and contractor workers: registration, changes, transfers and retirements (5(2)①イ). */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async list(q: ListPeopleQuery): Promise<PeoplePageDto> {
    const term = q.q?.replace(/[%_\\\s]/g, '') || undefined;
    const f = new SqlFilter()
      .add('p.kind = ?', q.kind)
      .add('p.status = ?', q.status)
      .add('p.company_id = ?', q.companyId)
      .add('p.org_unit_id = ?', q.orgUnitId)
      .add(
        `(p.person_no LIKE ? || '%' OR p.family_name || p.given_name LIKE '%' || ? || '%' OR replace(p.name_kana, ' ', '') LIKE '%' || ? || '%')`,
        term?.toUpperCase(), term, term,
      );
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM people p ${f.where}`, [...f.params]);
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT p.id FROM people p ${f.where} ORDER BY p.person_no LIMIT ${f.next(q.limit)} OFFSET ${f.next(q.offset)}`,
      f.params,
    );
    return { items: await this.toDtos(ids.map((r) => r.id)), total };
  }

  async get(id: string): Promise<PersonDto> {
    const [dto] = await this.toDtos([id]);
    if (!dto) throw notFound(id);
    return dto;
  }

  async create(actor: Actor, dto: CreatePersonDto): Promise<PersonDto> {
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      if (await m.existsBy(PersonEntity, { personNo: dto.personNo })) {
        throw new AppError(ErrorCode.Conflict, 'Person number taken', `${dto.personNo} is already registered.`);
      }
      const affiliation = await this.affiliation(m, dto.kind, dto.orgUnitId, dto.companyId);
      const person = {
        id, personNo: dto.personNo, kind: dto.kind, familyName: dto.familyName, givenName: dto.givenName, nameKana: dto.nameKana,
        employmentType: dto.kind === 'staff' ? (dto.employmentType ?? null) : null,
        orgUnitId: dto.kind === 'staff' ? (dto.orgUnitId ?? null) : null,
        companyId: dto.kind === 'contractor' ? (dto.companyId ?? null) : null,
        status: 'active' as const, ...affiliation,
      };
      await m.insert(PersonEntity, person);
      await this.audit.record(m, actor, { action: 'person.created', target: { type: 'person', id }, personId: id, after: person });
    });
    this.changes.notify('person.created');
    return this.get(id);
  }

  async update(actor: Actor, id: string, dto: UpdatePersonDto): Promise<PersonDto> {
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(PersonEntity, { id });
      if (!before) throw notFound(id);
      if (before.kind === 'staff' && dto.companyId) throw policy('companyId applies to contractors only');
      if (before.kind === 'contractor' && (dto.orgUnitId || dto.employmentType)) throw policy('orgUnitId and employmentType apply to staff only');
      const { reason, ...fields } = dto;
      const next = { ...before, ...stripUndefined(fields) };
      Object.assign(next, await this.affiliation(m, next.kind, next.orgUnitId ?? undefined, next.companyId ?? undefined));
      await m.update(PersonEntity, { id }, {
        familyName: next.familyName, givenName: next.givenName, nameKana: next.nameKana, employmentType: next.employmentType,
        orgUnitId: next.orgUnitId, companyId: next.companyId, status: next.status, affiliationJa: next.affiliationJa, affiliationEn: next.affiliationEn,
      });
      if (LEAVING.has(next.status) && !LEAVING.has(before.status)) await this.endAllAccess(m, actor, id, reason ?? next.status);
      await this.audit.record(m, actor, { action: 'person.updated', target: { type: 'person', id }, personId: id, before, after: next, reason });
    });
    this.changes.notify('person.updated');
    return this.get(id);
  }

  async recordIdentityCheck(actor: Actor, personId: string, documentType: string, last4: string): Promise<{ id: string; checkedAt: string }> {
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      const person = await m.findOneBy(PersonEntity, { id: personId });
      if (!person) throw notFound(personId);
      await m.insert(IdentityCheckEntity, { id, personId, documentType, last4, checkedBy: actor.operatorId });
      await this.audit.record(m, actor, { action: 'person.identity-checked', target: { type: 'person', id: personId }, personId, after: { documentType, last4 } });
    });
    return { id, checkedAt: new Date().toISOString() };
  }

  /** Leavers' access ends at once: authorisations and IC cards revoked, vein templates deleted (biometric register). */
  async endAllAccess(m: EntityManager, actor: Actor | { system: string }, personId: string, reason: string): Promise<void> {
    const by = 'system' in actor ? null : actor.operatorId;
    await m.update(AuthorisationEntity, { personId, status: 'active' }, { status: 'revoked', statusReason: reason, statusChangedAt: new Date(), statusChangedBy: by });
    await m.update(AuthorisationEntity, { personId, status: 'suspended' }, { status: 'revoked', statusReason: reason, statusChangedAt: new Date(), statusChangedBy: by });
    const templates = await m.findBy(VeinTemplateEntity, { personId });
    if (templates.length > 0) {
      await m.delete(VeinTemplateEntity, { personId });
      await this.audit.record(m, actor, { action: 'vein.deleted', target: { type: 'person', id: personId }, personId, before: { positions: templates.map((t) => t.position) }, reason });
    }
    await revokeLiveCards(m, this.audit, actor, personId, reason);
  }

  private async affiliation(m: EntityManager, kind: string, orgUnitId?: string, companyId?: string): Promise<{ affiliationJa: string; affiliationEn: string }> {
    if (kind === 'contractor') {
      const company = companyId ? await m.findOneBy(CompanyEntity, { id: companyId }) : null;
      if (!company) throw new AppError(ErrorCode.NotFound, 'Company not found', `No company ${companyId}.`);
      return { affiliationJa: company.nameJa, affiliationEn: company.nameEn };
    }
    const unit = orgUnitId ? await m.findOneBy(OrgUnitEntity, { id: orgUnitId }) : null;
    if (!unit) throw new AppError(ErrorCode.NotFound, 'Organisation unit not found', `No org unit ${orgUnitId}.`);
    const parent = unit.parentId ? await m.findOneBy(OrgUnitEntity, { id: unit.parentId }) : null;
    return {
      affiliationJa: [parent?.nameJa, unit.nameJa].filter(Boolean).join(' '),
      affiliationEn: [parent?.nameEn, unit.nameEn].filter(Boolean).join(', '),
    };
  }

  private async toDtos(ids: string[]): Promise<PersonDto[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query(
      `SELECT p.*, (c.person_id IS NOT NULL) AS has_pin,
              COALESCE((SELECT array_agg(t.position ORDER BY t.position) FROM vein_templates t WHERE t.person_id = p.id), '{}') AS vein_positions
         FROM people p LEFT JOIN pin_credentials c ON c.person_id = p.id
        WHERE p.id = ANY($1::uuid[]) ORDER BY p.person_no`,
      [ids],
    );
    return rows.map((r: Record<string, never>) => ({
      id: r.id, personNo: r.person_no, kind: r.kind, familyName: r.family_name, givenName: r.given_name, nameKana: r.name_kana,
      affiliationJa: r.affiliation_ja, affiliationEn: r.affiliation_en, status: r.status, employmentType: r.employment_type ?? undefined,
      orgUnitId: r.org_unit_id ?? undefined, companyId: r.company_id ?? undefined, keypadCode: keypadCodeFor(r.person_no),
      hasPin: r.has_pin, veinPositions: r.vein_positions, createdAt: (r.created_at as Date).toISOString(), updatedAt: (r.updated_at as Date).toISOString(),
    }));
  }
}

const notFound = (id: string) => new AppError(ErrorCode.NotFound, 'Person not found', `No person ${id}.`);
const policy = (detail: string) => new AppError(ErrorCode.PolicyViolation, 'Not allowed for this kind of person', detail);
const stripUndefined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
