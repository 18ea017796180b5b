import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { OrgUnitEntity } from '../people/organisation.entities.js';
import { PersonEntity } from '../people/people.entities.js';
import { PeopleService } from '../people/people.service.js';
import { decodeCsvBytes, parseCsv } from './csv.js';
import { readHrRows, type HrRow } from './hr-rows.js';

export interface HrImportReport {
  encoding: string;
  dryRun: boolean;
  rows: number;
  created: string[];
  updated: string[];
  unchanged: number;
  leavers: string[];
  orgUnitsCreated: string[];
}

/** More leavers than this share of current staff needs an explicit confirmation (a truncated file is likelier). */
const MASS_LEAVER_SHARE = 0.2;

/**
 * The HR system's list of active staff (UTF-8 or Shift_JIS CSV) updates people and departments; staff missing
 * from it have left, and their access ends at once. All or nothing: one bad row rejects the whole file.
 */
@Injectable()
export class HrImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async run(actor: Actor, bytes: Buffer, opts: { dryRun: boolean; allowMassLeavers: boolean }): Promise<HrImportReport> {
    const { text, encoding } = decodeCsvBytes(bytes);
    const csv = parseCsv(text);
    if (!csv.ok) throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: `line ${csv.line}`, message: csv.error }]);
    const { rows, errors } = readHrRows(csv.rows);
    if (errors.length > 0) throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', `${errors.length} problem(s); nothing was imported.`, errors.slice(0, 200));

    const report = await this.dataSource.transaction(async (m) => {
      const r: HrImportReport = { encoding, dryRun: opts.dryRun, rows: rows.length, created: [], updated: [], unchanged: 0, leavers: [], orgUnitsCreated: [] };
      const sections = await this.upsertOrgUnits(m, rows, r);
      const current = await m.find(PersonEntity, { where: { kind: 'staff', status: Not(In(['retired', 'transferred'])) } });
      const listed = new Set(rows.map((row) => row.personNo));
      const leavers = current.filter((p) => !listed.has(p.personNo));
      if (!opts.allowMassLeavers && current.length >= 10 && leavers.length > current.length * MASS_LEAVER_SHARE) {
        throw new AppError(ErrorCode.PolicyViolation, 'Too many leavers', `${leavers.length} of ${current.length} staff are missing from the file; check it is complete, then confirm with allowMassLeavers=true.`);
      }
      for (const row of rows) await this.upsertPerson(m, actor, row, sections, r);
      for (const leaver of leavers) {
        await m.update(PersonEntity, { id: leaver.id }, { status: 'retired' });
        await this.people.endAllAccess(m, actor, leaver.id, 'HR import: no longer listed');
        await this.audit.record(m, actor, { action: 'person.retired', target: { type: 'person', id: leaver.id }, personId: leaver.id, before: { status: leaver.status }, after: { status: 'retired' }, reason: 'HR import: no longer listed' });
        r.leavers.push(leaver.personNo);
      }
      await this.audit.record(m, actor, { action: 'hr-import.applied', target: { type: 'hr-import', id: uuidv7() }, after: { ...r, created: r.created.length, updated: r.updated.length } });
      if (opts.dryRun) throw new DryRun(r);
      return r;
    }).catch((err: unknown) => {
      if (err instanceof DryRun) return err.report;
      throw err;
    });
    if (!opts.dryRun) this.changes.notify('hr-import');
    return report;
  }

  private async upsertOrgUnits(m: EntityManager, rows: HrRow[], r: HrImportReport): Promise<Map<string, OrgUnitEntity>> {
    const sections = new Map<string, OrgUnitEntity>();
    for (const row of rows) {
      const dept = await this.upsertUnit(m, row.deptCode, 'department', null, row.deptName, r);
      sections.set(row.sectionCode, await this.upsertUnit(m, row.sectionCode, 'section', dept.id, row.sectionName, r));
    }
    return sections;
  }

  private async upsertUnit(m: EntityManager, code: string, kind: 'department' | 'section', parentId: string | null, nameJa: string, r: HrImportReport): Promise<OrgUnitEntity> {
    const existing = await m.findOneBy(OrgUnitEntity, { code });
    if (existing) {
      if (existing.kind !== kind) throw new AppError(ErrorCode.PolicyViolation, 'Organisation code clash', `${code} is a ${existing.kind} here but a ${kind} in the file.`);
      if (existing.nameJa !== nameJa || existing.parentId !== parentId) await m.update(OrgUnitEntity, { id: existing.id }, { nameJa, parentId });
      return { ...existing, nameJa, parentId };
    }
    const unit = { id: uuidv7(), code, kind, parentId, nameJa, nameEn: '' } as OrgUnitEntity;
    await m.insert(OrgUnitEntity, unit);
    r.orgUnitsCreated.push(code);
    return unit;
  }

  private async upsertPerson(m: EntityManager, actor: Actor, row: HrRow, sections: Map<string, OrgUnitEntity>, r: HrImportReport): Promise<void> {
    const section = sections.get(row.sectionCode)!;
    const fields = {
      familyName: row.familyName, givenName: row.givenName, nameKana: row.nameKana, employmentType: row.employmentType, orgUnitId: section.id,
      affiliationJa: `${row.deptName} ${row.sectionName}`, affiliationEn: '',
    };
    const existing = await m.findOneBy(PersonEntity, { personNo: row.personNo });
    if (!existing) {
      const id = uuidv7();
      await m.insert(PersonEntity, { id, personNo: row.personNo, kind: 'staff', status: 'active', ...fields });
      await this.audit.record(m, actor, { action: 'person.created', target: { type: 'person', id }, personId: id, after: { personNo: row.personNo, ...fields }, reason: 'HR import' });
      r.created.push(row.personNo);
      return;
    }
    if (existing.kind !== 'staff') throw new AppError(ErrorCode.PolicyViolation, 'Not a staff number', `line ${row.line}: ${row.personNo} is a contractor here.`);
    const changed = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => k !== 'affiliationEn' && existing[k] !== fields[k]);
    const rejoined = existing.status === 'retired' || existing.status === 'transferred';
    if (changed.length === 0 && !rejoined) {
      r.unchanged++;
      return;
    }
    await m.update(PersonEntity, { id: existing.id }, { ...fields, ...(rejoined ? { status: 'active' as const } : {}) });
    await this.audit.record(m, actor, {
      action: 'person.updated', target: { type: 'person', id: existing.id }, personId: existing.id,
      before: Object.fromEntries(changed.map((k) => [k, existing[k]])), after: Object.fromEntries(changed.map((k) => [k, fields[k]])), reason: 'HR import',
    });
    r.updated.push(row.personNo);
  }
}

/** Rolls the transaction back while keeping the report of what would have happened. */
class DryRun extends Error {
  constructor(readonly report: HrImportReport) {
    super('dry run');
  }
}
