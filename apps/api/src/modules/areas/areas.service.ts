import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { AreaEntity } from '../site/site.entities.js';
import type { AreaDto } from './areas.controller.js';

/** Managed areas (管理区域) and their lockdown, which overrides every authorisation and schedule. */
@Injectable()
export class AreasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async list(): Promise<AreaDto[]> {
    const rows = await this.dataSource.query(
      `SELECT a.*, (SELECT count(*)::int FROM ledger_stays s WHERE s.area_id = a.id AND s.exited_at IS NULL) AS inside
         FROM areas a ORDER BY a.id`,
    );
    return rows.map((a: Record<string, never>) => ({
      id: a.id, nameJa: a.name_ja, nameEn: a.name_en, floor: a.floor, floorCompliant: a.floor >= 2, inside: a.inside,
      twoPersonRule: a.two_person_rule, closingTime: a.closing_time ?? undefined,
      lockdownAt: (a.lockdown_at as Date | null)?.toISOString(), lockdownReason: a.lockdown_reason ?? undefined,
    }));
  }

  async setLockdown(actor: Actor, id: string, on: boolean, reason: string): Promise<AreaDto> {
    await this.dataSource.transaction(async (m) => {
      const area = await m.findOneBy(AreaEntity, { id });
      if (!area) throw new AppError(ErrorCode.NotFound, 'Area not found', `No area ${id}.`);
      if (on === !!area.lockdownAt) throw new AppError(ErrorCode.Conflict, on ? 'Already locked down' : 'Not locked down', `Area ${id}.`);
      await m.update(AreaEntity, { id }, on ? { lockdownAt: new Date(), lockdownReason: reason, lockdownBy: actor.operatorId } : { lockdownAt: null, lockdownReason: null, lockdownBy: null });
      await this.audit.record(m, actor, { action: on ? 'area.locked-down' : 'area.released', target: { type: 'area', id }, areaId: id, reason });
    });
    this.changes.notify(on ? 'area.locked-down' : 'area.released');
    return (await this.list()).find((a) => a.id === id)!;
  }
}
