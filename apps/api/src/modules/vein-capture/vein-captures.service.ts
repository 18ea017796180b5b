import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CommandType, type BridgeCommand, type VeinPosition } from '#contracts';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { assertMayEnrol, VeinTemplatesService } from '../credentials/vein-templates.service.js';
import { BridgeCommandSender } from '../hardware-gateway/bridge-command.sender.js';
import { ReaderEntity } from '../site/site.entities.js';
import { CaptureFailureReason, type StartVeinCaptureDto, type VeinCaptureDto } from './dto/vein-capture.dto.js';
import { VeinCaptureEntity } from './vein-capture.entity.js';

/** The bridge must start the capture within this (a command stuck at the broker is refused after it). */
export const CAPTURE_COMMAND_TTL_MS = 15_000;
/** How long the reader waits for the finger once asked. */
export const CAPTURE_SCAN_TIMEOUT_MS = 30_000;
/** Allowance for the result's way back before a pending capture counts as timed out. */
const RESULT_MARGIN_MS = 5_000;

/** How many of a person's captures the list shows (newest first). */
const LISTED_CAPTURES = 50;

/** Who the capture's later audit records name: the operator who started it, or the system for failures. */
const SYSTEM = { system: 'vein-capture' };

/**
 * Enrolment through a door reader: an operator starts a capture (202), the api sends a `vein-capture` command
 * to the bridge owning the reader, and the result (VeinCaptureResults) stores the template exactly as an upload
 * is stored. A capture is pending, enrolled or failed; one that outlives its deadline has failed (timeout) and
 * a later result for it is discarded.
 */
@Injectable()
export class VeinCapturesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: VeinTemplatesService,
    private readonly audit: AuditService,
    private readonly commands: BridgeCommandSender,
  ) {}

  async start(actor: Actor, personId: string, dto: StartVeinCaptureDto): Promise<VeinCaptureDto> {
    const now = new Date();
    const id = uuidv7();
    const format = dto.format ?? 0;
    const replace = dto.replace ?? false;
    const capture = await this.dataSource.transaction(async (m) => {
      // (A concurrent start at the same reader that slips past the check below hits the unique index: 409.)
      assertMayEnrol(await this.templates.personOrThrow(personId, m));
      const reader = await m.findOne(ReaderEntity, { where: { id: dto.readerId }, relations: { door: true } });
      if (!reader?.door) {
        throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'readerId', message: `no reader ${dto.readerId}` }]);
      }
      if (!replace && (await this.templates.hasTemplate(personId, dto.position, m))) {
        throw new AppError(ErrorCode.Conflict, 'Already enrolled', `A template for ${dto.position} is enrolled; send replace: true to re-enrol it.`);
      }
      const busy = await m.findOne(VeinCaptureEntity, { where: { readerId: reader.id, status: 'pending' }, lock: { mode: 'pessimistic_write' } });
      if (busy && !(await this.timeOutIfOverdue(m, busy, now))) {
        throw readerBusy(reader.id, busy.id);
      }
      const row: VeinCaptureEntity = m.create(VeinCaptureEntity, {
        id, personId, readerId: reader.id, bridgeId: reader.door.bridgeId, position: dto.position, format, replaceExisting: replace,
        status: 'pending', reason: null, detail: null, quality: null, templateId: null,
        requestedBy: actor.operatorId, requestedByUsername: actor.username, requestedVia: actor.via,
        expiresAt: new Date(now.getTime() + CAPTURE_COMMAND_TTL_MS),
        deadlineAt: new Date(now.getTime() + CAPTURE_COMMAND_TTL_MS + CAPTURE_SCAN_TIMEOUT_MS + RESULT_MARGIN_MS),
        completedAt: null,
      });
      await m.insert(VeinCaptureEntity, row);
      await this.audit.record(m, actor, {
        action: 'vein.capture-requested', target: { type: 'person', id: personId }, personId,
        after: { captureId: id, readerId: reader.id, position: dto.position, format, replace },
      });
      return row;
    }).catch((error: unknown) => {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') throw readerBusy(dto.readerId);
      throw error;
    });

    const command: BridgeCommand = {
      id, type: CommandType.VeinCapture, issuedAt: now.toISOString(), expiresAt: capture.expiresAt.toISOString(),
      capture: { personId, readerId: capture.readerId, position: dto.position as VeinPosition, format, timeoutMs: CAPTURE_SCAN_TIMEOUT_MS },
    };
    if (!(await this.commands.send(capture.bridgeId, command))) {
      await this.dataSource.transaction(async (m) => {
        const row = await this.pendingForUpdate(m, id);
        if (row) await this.failIn(m, row, CaptureFailureReason.BridgeOffline);
      });
    }
    return this.get(personId, id);
  }

  /** The capture's state; a pending one past its deadline is failed (timeout) on the way. */
  async get(personId: string, captureId: string): Promise<VeinCaptureDto> {
    const row = await this.dataSource.transaction(async (m) => {
      const found = await m.findOneBy(VeinCaptureEntity, { id: captureId, personId });
      if (!found) throw new AppError(ErrorCode.NotFound, 'Capture not found', `No capture ${captureId} for person ${personId}.`);
      if (found.status !== 'pending') return found;
      const pending = await this.pendingForUpdate(m, captureId);
      if (pending) await this.timeOutIfOverdue(m, pending, new Date());
      return (await m.findOneByOrFail(VeinCaptureEntity, { id: captureId }));
    });
    return toDto(row);
  }

  /** A person's latest captures, newest first; pending ones past their deadline are failed (timeout) on the way. */
  async list(personId: string): Promise<VeinCaptureDto[]> {
    const now = new Date();
    const rows = await this.dataSource.transaction(async (m) => {
      await this.templates.personOrThrow(personId, m);
      const find = () => m.find(VeinCaptureEntity, { where: { personId }, order: { createdAt: 'DESC', id: 'DESC' }, take: LISTED_CAPTURES });
      let found = await find();
      const overdue = found.filter((c) => c.status === 'pending' && c.deadlineAt <= now);
      for (const c of overdue) {
        const pending = await this.pendingForUpdate(m, c.id);
        if (pending) await this.timeOutIfOverdue(m, pending, now);
      }
      if (overdue.length > 0) found = await find();
      return found;
    });
    return rows.map(toDto);
  }

  /** The pending capture, locked for this transaction; undefined when it is not (or no longer) pending. */
  async pendingForUpdate(m: EntityManager, captureId: string): Promise<VeinCaptureEntity | undefined> {
    return (await m.findOne(VeinCaptureEntity, { where: { id: captureId, status: 'pending' }, lock: { mode: 'pessimistic_write' } })) ?? undefined;
  }

  /** Fails a pending capture past its deadline; true when it did. */
  async timeOutIfOverdue(m: EntityManager, capture: VeinCaptureEntity, now: Date): Promise<boolean> {
    if (capture.deadlineAt.getTime() > now.getTime()) return false;
    await this.failIn(m, capture, CaptureFailureReason.Timeout);
    return true;
  }

  /** Marks a pending capture failed, with its audit record (the system's: nobody did anything). */
  async failIn(m: EntityManager, capture: VeinCaptureEntity, reason: CaptureFailureReason, extra: { detail?: string; quality?: number } = {}): Promise<void> {
    await m.update(VeinCaptureEntity, { id: capture.id }, { status: 'failed', reason, detail: extra.detail ?? null, quality: extra.quality ?? null, completedAt: new Date() });
    await this.audit.record(m, SYSTEM, {
      action: 'vein.capture-failed', target: { type: 'person', id: capture.personId }, personId: capture.personId,
      after: { captureId: capture.id, readerId: capture.readerId, position: capture.position, reason, ...extra },
    });
  }
}

function readerBusy(readerId: string, captureId?: string): AppError {
  return new AppError(ErrorCode.Conflict, 'Reader busy', `${captureId ? `Capture ${captureId}` : 'Another capture'} is still running at ${readerId}.`);
}

function toDto(c: VeinCaptureEntity): VeinCaptureDto {
  return {
    id: c.id,
    personId: c.personId,
    readerId: c.readerId,
    position: c.position,
    format: c.format,
    status: c.status,
    ...(c.reason !== null && { reason: c.reason }),
    ...(c.detail !== null && { detail: c.detail }),
    ...(c.quality !== null && { quality: c.quality }),
    ...(c.templateId !== null && { templateId: c.templateId }),
    requestedAt: c.createdAt.toISOString(),
    requestedBy: c.requestedBy,
    deadlineAt: c.deadlineAt.toISOString(),
    ...(c.completedAt !== null && { completedAt: c.completedAt.toISOString() }),
  };
}
