import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { PersonEntity, VeinTemplateEntity } from '../people/people.entities.js';
import { TemplateCipher } from '../people/template-cipher.js';
import type { EnrolVeinDto, VeinTemplateInfoDto } from './dto/credentials.dto.js';

/**
 * Vein templates: enrolled from an enrolment station, sealed at rest, never returned or logged. Every
 * enrolment, re-enrolment and deletion is an audit record — together they are the biometric enrolment
 * register (生体情報登録管理簿).
 */
@Injectable()
export class VeinTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: TemplateCipher,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async list(personId: string): Promise<VeinTemplateInfoDto[]> {
    await this.personOrThrow(personId);
    const rows = await this.dataSource.getRepository(VeinTemplateEntity).find({ where: { personId }, order: { position: 'ASC' } });
    return rows.map((t) => ({ id: t.id, position: t.position, format: t.format, enrolledAt: t.createdAt.toISOString(), enrolledBy: t.enrolledBy ?? undefined }));
  }

  async enrol(actor: Actor, personId: string, dto: EnrolVeinDto): Promise<VeinTemplateInfoDto> {
    const person = await this.personOrThrow(personId);
    if (person.status === 'retired' || person.status === 'transferred') {
      throw new AppError(ErrorCode.Conflict, 'Person has left', 'Templates are not kept for people who left.');
    }
    const template = Buffer.from(dto.template, 'base64');
    if (template.length < 16) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'template', message: 'template is too short to be a vein template' }]);
    }
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      const previous = await m.findOneBy(VeinTemplateEntity, { personId, position: dto.position });
      if (previous) await m.delete(VeinTemplateEntity, { id: previous.id });
      await m.insert(VeinTemplateEntity, {
        id, personId, position: dto.position, format: dto.format, keyId: this.cipher.keyId, sealed: this.cipher.seal(template, personId, id), enrolledBy: actor.operatorId,
      });
      await this.audit.record(m, actor, {
        action: previous ? 'vein.re-enrolled' : 'vein.enrolled', target: { type: 'person', id: personId }, personId,
        after: { templateId: id, position: dto.position, format: dto.format },
      });
    });
    template.fill(0);
    this.changes.notify('vein.enrolled');
    return (await this.list(personId)).find((t) => t.id === id)!;
  }

  async remove(actor: Actor, personId: string, templateId: string, reason: string | undefined): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOneBy(VeinTemplateEntity, { id: templateId, personId });
      if (!row) throw new AppError(ErrorCode.NotFound, 'Template not found', `No template ${templateId} for person ${personId}.`);
      await m.delete(VeinTemplateEntity, { id: templateId });
      await this.audit.record(m, actor, { action: 'vein.deleted', target: { type: 'person', id: personId }, personId, before: { templateId, position: row.position }, reason });
    });
    this.changes.notify('vein.deleted');
  }

  private async personOrThrow(personId: string): Promise<PersonEntity> {
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!person) throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${personId}.`);
    return person;
  }
}
