import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scheduleProblems } from '#domain';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { SqlFilter } from '../../database/sql-filter.js';
import { AuditService } from '../audit/audit.service.js';
import { CompanyEntity } from '../people/organisation.entities.js';
import { AuthorisationEntity, PersonEntity, type AuthorisationStatus } from '../people/people.entities.js';
import { AreaEntity } from '../site/site.entities.js';
import type { AuthorisationDto, CreateAuthorisationDto, ListAuthorisationsQuery } from './dto/authorisation.dto.js';

const TRANSITIONS: Record<'suspend' | 'resume' | 'revoke', { from: AuthorisationStatus[]; to: AuthorisationStatus; event: string }> = {
  suspend: { from: ['active'], to: 'suspended', event: 'authorisation.suspended' },
  resume: { from: ['suspended'], to: 'active', event: 'authorisation.resumed' },
  revoke: { from: ['active', 'suspended'], to: 'revoked', event: 'authorisation.revoked' },
};

/**
 * Who may enter which managed area, when (validity window and weekly schedule), approved by whom and why
 * (3(2)②ア). Contractors always need an escort and an end date within their company's agreement. Suspension and
 * revocation reach the doors within seconds through a credential-cache push.
 */
@Injectable()
export class AuthorisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async list(q: ListAuthorisationsQuery): Promise<AuthorisationDto[]> {
    const f = new SqlFilter().add('a.person_id = ?', q.personId).add('a.area_id = ?', q.areaId).add('a.status = ?', q.status);
    const rows = await this.dataSource.query(
      `SELECT a.*, p.person_no FROM authorisations a JOIN people p ON p.id = a.person_id ${f.where} ORDER BY a.created_at DESC LIMIT 1000`,
      f.params,
    );
    return rows.map(toDto);
  }

  async create(actor: Actor, dto: CreateAuthorisationDto): Promise<AuthorisationDto> {
    const validFrom = new Date(dto.validFrom);
    const validUntil = dto.validUntil ? new Date(dto.validUntil) : null;
    if (validUntil && validUntil <= validFrom) throw invalid('validUntil', 'validUntil must be after validFrom');
    if (dto.schedule) {
      const problems = scheduleProblems(dto.schedule);
      if (problems.length > 0) throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, problems.map((p) => ({ field: 'schedule', message: p })));
    }
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      const person = await m.findOneBy(PersonEntity, { id: dto.personId });
      if (!person) throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${dto.personId}.`);
      if (person.status !== 'active') throw new AppError(ErrorCode.Conflict, 'Person not active', `${person.personNo} is ${person.status}.`);
      if (!(await m.existsBy(AreaEntity, { id: dto.areaId }))) throw new AppError(ErrorCode.NotFound, 'Area not found', `No area ${dto.areaId}.`);
      if ((person.kind === 'contractor' || dto.temporary) && !validUntil) {
        throw invalid('validUntil', 'validUntil is required for contractors and temporary authorisations');
      }
      if (person.kind === 'contractor') await this.assertWithinAgreement(m, person, validUntil!);
      const row = {
        id, personId: person.id, areaId: dto.areaId, validFrom, validUntil, schedule: dto.schedule ?? null,
        requiresEscort: person.kind === 'contractor' ? true : (dto.requiresEscort ?? false), temporary: dto.temporary ?? false,
        reason: dto.reason, approvedBy: actor.username, approvedById: actor.operatorId, status: 'active' as const,
      };
      await m.insert(AuthorisationEntity, row);
      await this.audit.record(m, actor, { action: 'authorisation.granted', target: { type: 'authorisation', id }, personId: person.id, areaId: dto.areaId, after: row, reason: dto.reason });
    });
    this.changes.notify('authorisation.granted');
    return this.get(id);
  }

  async transition(actor: Actor, id: string, action: keyof typeof TRANSITIONS, reason: string): Promise<AuthorisationDto> {
    const { from, to, event } = TRANSITIONS[action];
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(AuthorisationEntity, { id });
      if (!before) throw new AppError(ErrorCode.NotFound, 'Authorisation not found', `No authorisation ${id}.`);
      if (!from.includes(before.status)) throw new AppError(ErrorCode.Conflict, `Cannot ${action}`, `The authorisation is ${before.status}.`);
      const after = { status: to, statusReason: reason, statusChangedAt: new Date(), statusChangedBy: actor.operatorId };
      await m.update(AuthorisationEntity, { id }, after);
      await this.audit.record(m, actor, {
        action: event,
        target: { type: 'authorisation', id }, personId: before.personId, areaId: before.areaId, before: { status: before.status }, after: { status: to }, reason,
      });
    });
    this.changes.notify(event);
    return this.get(id);
  }

  private async get(id: string): Promise<AuthorisationDto> {
    const [row] = await this.dataSource.query('SELECT a.*, p.person_no FROM authorisations a JOIN people p ON p.id = a.person_id WHERE a.id = $1', [id]);
    return toDto(row);
  }

  private async assertWithinAgreement(m: EntityManager, person: PersonEntity, validUntil: Date): Promise<void> {
    const company = person.companyId ? await m.findOneBy(CompanyEntity, { id: person.companyId }) : null;
    if (!company) return; // workers registered before companies existed (demo data): the escort rule still applies
    const agreementEnd = new Date(`${company.agreementValidUntil}T23:59:59.999+09:00`);
    if (validUntil > agreementEnd) {
      throw new AppError(ErrorCode.PolicyViolation, 'Outlasts the company agreement', `${company.nameJa}'s agreement (覚書 ${company.agreementRef}) ends ${company.agreementValidUntil}.`);
    }
  }
}

const invalid = (field: string, message: string) => new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field, message }]);

function toDto(r: Record<string, never>): AuthorisationDto {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : undefined);
  return {
    id: r.id, personId: r.person_id, personNo: r.person_no, areaId: r.area_id, validFrom: iso(r.valid_from)!, validUntil: iso(r.valid_until),
    schedule: r.schedule ?? undefined, requiresEscort: r.requires_escort, temporary: r.temporary, status: r.status,
    statusReason: r.status_reason ?? undefined, reason: r.reason, approvedBy: r.approved_by, createdAt: iso(r.created_at)!,
  };
}
