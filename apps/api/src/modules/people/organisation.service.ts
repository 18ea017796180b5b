import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import type { CompanyDto, CreateCompanyDto, CreateOrgUnitDto, OrgUnitDto, UpdateCompanyDto } from './dto/organisation.dto.js';
import { CompanyEntity, OrgUnitEntity } from './organisation.entities.js';
import { PersonEntity } from './people.entities.js';

/** Departments and sections (from HR), contractor companies and their agreements (6(4)). */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listUnits(): Promise<OrgUnitDto[]> {
    const rows = await this.dataSource.getRepository(OrgUnitEntity).find({ order: { code: 'ASC' } });
    return rows.map((u) => ({ id: u.id, code: u.code, kind: u.kind, parentId: u.parentId ?? undefined, nameJa: u.nameJa, nameEn: u.nameEn }));
  }

  async createUnit(actor: Actor, dto: CreateOrgUnitDto): Promise<OrgUnitDto> {
    const unit = { id: uuidv7(), code: dto.code, kind: dto.kind, parentId: dto.kind === 'section' ? dto.parentId! : null, nameJa: dto.nameJa, nameEn: dto.nameEn ?? '' };
    await this.dataSource.transaction(async (m) => {
      if (await m.existsBy(OrgUnitEntity, { code: dto.code })) throw new AppError(ErrorCode.Conflict, 'Code taken', `Org unit ${dto.code} exists.`);
      if (unit.parentId) {
        const parent = await m.findOneBy(OrgUnitEntity, { id: unit.parentId });
        if (!parent) throw new AppError(ErrorCode.NotFound, 'Department not found', `No org unit ${unit.parentId}.`);
        if (parent.kind !== 'department') throw new AppError(ErrorCode.PolicyViolation, 'Parent must be a department', 'Sections belong to departments.');
      }
      await m.insert(OrgUnitEntity, unit);
      await this.audit.record(m, actor, { action: 'org-unit.created', target: { type: 'org-unit', id: unit.id }, after: unit });
    });
    return { ...unit, parentId: unit.parentId ?? undefined };
  }

  async listCompanies(): Promise<CompanyDto[]> {
    const rows = await this.dataSource.getRepository(CompanyEntity).find({ order: { nameJa: 'ASC' } });
    return rows.map(toCompanyDto);
  }

  async createCompany(actor: Actor, dto: CreateCompanyDto): Promise<CompanyDto> {
    assertAgreementPeriod(dto.agreementValidFrom, dto.agreementValidUntil);
    const company = { id: uuidv7(), nameEn: '', ...dto };
    await this.dataSource.transaction(async (m) => {
      if (await m.existsBy(CompanyEntity, { nameJa: dto.nameJa })) throw new AppError(ErrorCode.Conflict, 'Company exists', `${dto.nameJa} is registered.`);
      await m.insert(CompanyEntity, company);
      await this.audit.record(m, actor, { action: 'company.created', target: { type: 'company', id: company.id }, after: company });
    });
    return this.getCompany(company.id);
  }

  async updateCompany(actor: Actor, id: string, dto: UpdateCompanyDto): Promise<CompanyDto> {
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(CompanyEntity, { id });
      if (!before) throw new AppError(ErrorCode.NotFound, 'Company not found', `No company ${id}.`);
      const after = { ...before, ...Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) };
      assertAgreementPeriod(after.agreementValidFrom, after.agreementValidUntil);
      await m.update(CompanyEntity, { id }, dto);
      // Workers show their company as affiliation in the ledger.
      if (dto.nameJa !== undefined || dto.nameEn !== undefined) {
        await m.update(PersonEntity, { companyId: id }, { affiliationJa: after.nameJa, affiliationEn: after.nameEn });
      }
      await this.audit.record(m, actor, { action: 'company.updated', target: { type: 'company', id }, before, after });
    });
    return this.getCompany(id);
  }

  private async getCompany(id: string): Promise<CompanyDto> {
    return toCompanyDto(await this.dataSource.getRepository(CompanyEntity).findOneByOrFail({ id }));
  }
}

function assertAgreementPeriod(from: string, until: string): void {
  if (until < from) {
    throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'agreementValidUntil', message: 'agreementValidUntil must not be before agreementValidFrom' }]);
  }
}

function toCompanyDto(c: CompanyEntity): CompanyDto {
  const today = new Date().toISOString().slice(0, 10);
  return {
    id: c.id, nameJa: c.nameJa, nameEn: c.nameEn, agreementRef: c.agreementRef, agreementValidFrom: c.agreementValidFrom,
    agreementValidUntil: c.agreementValidUntil, confidentialityAgreement: c.confidentialityAgreement,
    agreementCurrent: c.agreementValidFrom <= today && today <= c.agreementValidUntil,
  };
}
