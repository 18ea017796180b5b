import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../common/auth/decorators.js';
import { isPrivileged, isRole, Role } from '../../common/auth/role.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { PersonEntity } from '../people/people.entities.js';
import type { AssignRoleDto, CreateOperatorDto, NominateDeputyDto, OperatorDto, RoleAssignmentDto } from './dto/operators.dto.js';
import { OperatorEntity, RoleAssignmentEntity } from './operator.entities.js';
import { passwordProblems } from './password-policy.js';

/**
 * Operators and the roles they hold. Contractors never hold privileged roles; a holder of a privileged role may
 * nominate a deputy, who gets the role only when the CISO approves (5(2)①ウ).
 */
@Injectable()
export class OperatorsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<OperatorDto[]> {
    const operators = await this.dataSource.getRepository(OperatorEntity).find({ order: { username: 'ASC' } });
    const assignments = await this.dataSource.getRepository(RoleAssignmentEntity).findBy({ status: 'active' });
    const now = Date.now();
    return operators.map((o) => ({
      id: o.id,
      username: o.username,
      personId: o.personId ?? undefined,
      roles: assignments.filter((a) => a.operatorId === o.id).map((a) => a.role).sort(),
      mustChangePassword: o.mustChangePassword,
      totpEnabled: o.totpEnabled,
      locked: !!o.lockedUntil && o.lockedUntil.getTime() > now,
      createdAt: o.createdAt.toISOString(),
    }));
  }

  async create(actor: Actor, dto: CreateOperatorDto): Promise<OperatorDto> {
    const problems = passwordProblems(dto.temporaryPassword, dto.username, this.config.login.passwordMinLength);
    if (problems.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, problems.map((p) => ({ field: 'temporaryPassword', message: `temporaryPassword ${p}` })));
    }
    const passwordHash = await hash(dto.temporaryPassword);
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      if (await m.existsBy(OperatorEntity, { username: dto.username })) {
        throw new AppError(ErrorCode.Conflict, 'Username taken', `An operator named ${dto.username} exists.`);
      }
      if (dto.personId && !(await m.existsBy(PersonEntity, { id: dto.personId }))) {
        throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${dto.personId}.`);
      }
      await m.insert(OperatorEntity, { id, username: dto.username, passwordHash, personId: dto.personId ?? null, mustChangePassword: true });
      await this.audit.record(m, actor, { action: 'operator.created', target: { type: 'operator', id }, after: { username: dto.username, personId: dto.personId } });
    });
    return (await this.list()).find((o) => o.id === id)!;
  }

  async assign(actor: Actor, operatorId: string, dto: AssignRoleDto): Promise<RoleAssignmentDto> {
    return this.dataSource.transaction(async (m) => {
      const operator = await this.operatorOrThrow(m, operatorId);
      await this.assertMayHold(m, operator, dto.role);
      await this.assertNotHeld(m, operatorId, dto.role);
      const row = await this.insertAssignment(m, { operatorId, role: dto.role, status: 'active', grantedBy: actor.operatorId, reason: dto.reason, approvedAt: new Date() });
      await this.audit.record(m, actor, { action: 'role.assigned', target: { type: 'operator', id: operatorId }, after: { role: dto.role }, reason: dto.reason });
      return this.toDto(row, operator.username);
    });
  }

  async revoke(actor: Actor, operatorId: string, role: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const result = await m.update(RoleAssignmentEntity, { operatorId, role, status: 'active' }, { status: 'revoked', revokedAt: new Date() });
      if (!result.affected) throw new AppError(ErrorCode.NotFound, 'Role not held', `Operator ${operatorId} does not hold ${role}.`);
      await this.audit.record(m, actor, { action: 'role.revoked', target: { type: 'operator', id: operatorId }, before: { role } });
    });
  }

  async nominateDeputy(actor: Actor, dto: NominateDeputyDto): Promise<RoleAssignmentDto> {
    if (!isRole(dto.role) || !isPrivileged(dto.role)) {
      throw new AppError(ErrorCode.PolicyViolation, 'Not a privileged role', 'Deputies are nominated for privileged roles only.');
    }
    if (!actor.roles.includes(dto.role)) {
      throw new AppError(ErrorCode.Forbidden, 'Forbidden', `Only a holder of ${dto.role} may nominate a deputy for it.`);
    }
    return this.dataSource.transaction(async (m) => {
      const deputy = await this.operatorOrThrow(m, dto.deputyOperatorId);
      if (deputy.id === actor.operatorId) throw new AppError(ErrorCode.PolicyViolation, 'Invalid deputy', 'A holder cannot be their own deputy.');
      await this.assertMayHold(m, deputy, dto.role);
      await this.assertNotHeld(m, deputy.id, dto.role);
      const row = await this.insertAssignment(m, {
        operatorId: deputy.id, role: dto.role, status: 'pending-approval', deputyFor: actor.operatorId, grantedBy: actor.operatorId, reason: dto.reason,
      });
      await this.audit.record(m, actor, { action: 'role.deputy-nominated', target: { type: 'operator', id: deputy.id }, after: { role: dto.role, status: 'pending-approval' }, reason: dto.reason });
      return this.toDto(row, deputy.username);
    });
  }

  /** The CISO approves a nominated deputy; the approval record is what notifies the other managers. */
  async approveDeputy(actor: Actor, assignmentId: string): Promise<RoleAssignmentDto> {
    if (!actor.roles.includes(Role.Ciso)) throw new AppError(ErrorCode.Forbidden, 'Forbidden', 'Only the CISO approves deputies.');
    return this.dataSource.transaction(async (m) => {
      const row = await m.findOneBy(RoleAssignmentEntity, { id: assignmentId });
      if (!row) throw new AppError(ErrorCode.NotFound, 'Assignment not found', `No role assignment ${assignmentId}.`);
      if (row.status !== 'pending-approval') throw new AppError(ErrorCode.Conflict, 'Not pending', `Assignment is ${row.status}.`);
      await m.update(RoleAssignmentEntity, { id: row.id }, { status: 'active', approvedBy: actor.operatorId, approvedAt: new Date() });
      await this.audit.record(m, actor, { action: 'role.deputy-approved', target: { type: 'operator', id: row.operatorId }, after: { role: row.role, status: 'active', deputyFor: row.deputyFor } });
      const operator = await this.operatorOrThrow(m, row.operatorId);
      return this.toDto({ ...row, status: 'active', approvedAt: new Date() }, operator.username);
    });
  }

  async privilegedHolders(): Promise<RoleAssignmentDto[]> {
    const rows: Array<RoleAssignmentEntity & { username: string }> = await this.dataSource.query(
      `SELECT a.id, a.operator_id AS "operatorId", a.role, a.status, a.deputy_for AS "deputyFor", a.reason,
              a.created_at AS "createdAt", a.approved_at AS "approvedAt", o.username
         FROM role_assignments a JOIN operators o ON o.id = a.operator_id
        WHERE a.status <> 'revoked' AND a.role = ANY($1) ORDER BY a.role, o.username`,
      [[Role.Ciso, Role.ChiefSecurityManager, Role.SystemAdministrator, Role.SystemStaff]],
    );
    return rows.map((r) => this.toDto(r, r.username));
  }

  private async operatorOrThrow(m: EntityManager, id: string): Promise<OperatorEntity> {
    const operator = await m.findOneBy(OperatorEntity, { id });
    if (!operator) throw new AppError(ErrorCode.NotFound, 'Operator not found', `No operator ${id}.`);
    return operator;
  }

  private async assertMayHold(m: EntityManager, operator: OperatorEntity, role: string): Promise<void> {
    if (!isRole(role) || !isPrivileged(role)) return;
    const person = operator.personId ? await m.findOneBy(PersonEntity, { id: operator.personId }) : null;
    const contractorRole = await m.existsBy(RoleAssignmentEntity, { operatorId: operator.id, role: Role.Contractor, status: 'active' });
    if (person?.kind === 'contractor' || contractorRole) {
      throw new AppError(ErrorCode.PolicyViolation, 'Contractors cannot hold privileged roles', 'Policy 5(2)①ウ: contractors never hold privileged IDs.');
    }
  }

  private async assertNotHeld(m: EntityManager, operatorId: string, role: string): Promise<void> {
    const held = await m.query(`SELECT 1 FROM role_assignments WHERE operator_id = $1 AND role = $2 AND status <> 'revoked'`, [operatorId, role]);
    if (held.length > 0) throw new AppError(ErrorCode.Conflict, 'Role already held or pending', `Operator already has ${role}.`);
  }

  private async insertAssignment(m: EntityManager, fields: Partial<RoleAssignmentEntity> & { operatorId: string; role: string; status: RoleAssignmentEntity['status']; reason: string }): Promise<RoleAssignmentEntity> {
    const row = { id: uuidv7(), deputyFor: null, grantedBy: null, approvedBy: null, approvedAt: null, revokedAt: null, createdAt: new Date(), ...fields };
    await m.insert(RoleAssignmentEntity, row);
    return row as RoleAssignmentEntity;
  }

  private toDto(r: Pick<RoleAssignmentEntity, 'id' | 'operatorId' | 'role' | 'status' | 'deputyFor' | 'reason' | 'createdAt' | 'approvedAt'>, username: string): RoleAssignmentDto {
    return {
      id: r.id, operatorId: r.operatorId, username, role: r.role, status: r.status, deputyFor: r.deputyFor ?? undefined, reason: r.reason,
      createdAt: new Date(r.createdAt).toISOString(), approvedAt: r.approvedAt ? new Date(r.approvedAt).toISOString() : undefined,
    };
  }
}
