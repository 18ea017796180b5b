import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService, type OperatorActor } from '../audit/audit.service.js';
import { PersonEntity, VeinTemplateEntity } from '../people/people.entities.js';
import { TemplateCipher } from '../people/template-cipher.js';
import type { EnrolVeinDto, VeinTemplateInfoDto } from './dto/credentials.dto.js';

/** Shorter than this cannot be a vein template. */
const MIN_TEMPLATE_BYTES = 16;

export interface TemplateInput {
  position: string;
  format: number;
  template: Buffer;
}

/** Templates are not kept for people who left (retired or transferred). */
export function assertMayEnrol(person: PersonEntity): void {
  if (person.status === 'retired' || person.status === 'transferred') {
    throw new AppError(ErrorCode.Conflict, 'Person has left', 'Templates are not kept for people who left.');
  }
}

/**
 * Vein templates: uploaded from an enrolment station or captured through a door reader (vein-capture module),
 * sealed at rest, never returned or logged. Every enrolment, re-enrolment and deletion is an audit record —
 * together they are the biometric enrolment register (生体情報登録管理簿).
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
    assertMayEnrol(await this.personOrThrow(personId));
    const template = Buffer.from(dto.template, 'base64');
    try {
      const { id } = await this.dataSource.transaction((m) => this.enrolIn(m, actor, personId, { position: dto.position, format: dto.format, template }));
      this.changes.notify('vein.enrolled');
      return (await this.list(personId)).find((t) => t.id === id)!;
    } finally {
      template.fill(0);
    }
  }

  /**
   * The one way a template is stored, whether uploaded or captured through a reader: sealed under the template
   * key bound to person and template id, replacing the person's template for that position, with its audit
   * record, in the caller's transaction. The caller wipes `template` and announces the change after commit.
   */
  async enrolIn(m: EntityManager, actor: OperatorActor, personId: string, input: TemplateInput, via?: Record<string, unknown>): Promise<{ id: string; replaced: boolean }> {
    assertMayEnrol(await this.personOrThrow(personId, m));
    if (input.template.length < MIN_TEMPLATE_BYTES) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'template', message: 'template is too short to be a vein template' }]);
    }
    const id = uuidv7();
    const previous = await m.findOneBy(VeinTemplateEntity, { personId, position: input.position });
    if (previous) await m.delete(VeinTemplateEntity, { id: previous.id });
    await m.insert(VeinTemplateEntity, {
      id, personId, position: input.position, format: input.format, keyId: this.cipher.keyId, sealed: this.cipher.seal(input.template, personId, id), enrolledBy: actor.operatorId,
    });
    await this.audit.record(m, actor, {
      action: previous ? 'vein.re-enrolled' : 'vein.enrolled', target: { type: 'person', id: personId }, personId,
      after: { templateId: id, position: input.position, format: input.format, ...via },
    });
    return { id, replaced: previous !== null };
  }

  /** Whether the person has a template for `position` (a capture without `replace` must not overwrite it). */
  async hasTemplate(personId: string, position: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await m.countBy(VeinTemplateEntity, { personId, position })) > 0;
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

  async personOrThrow(personId: string, m: EntityManager = this.dataSource.manager): Promise<PersonEntity> {
    const person = await m.findOneBy(PersonEntity, { id: personId });
    if (!person) throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${personId}.`);
    return person;
  }
}
