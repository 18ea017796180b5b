import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { openCapturedTemplate, VeinCaptureStatus, type CommandResult, type VeinCaptureResult } from '#contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { CacheKeyring } from '../credential-cache/cache-keyring.js';
import { VeinTemplatesService } from '../credentials/vein-templates.service.js';
import { BridgeResults } from '../hardware-gateway/bridge-results.js';
import { CaptureFailureReason } from './dto/vein-capture.dto.js';
import { VeinCaptureEntity } from './vein-capture.entity.js';
import { VeinCapturesService } from './vein-captures.service.js';

/** Bridge refusal codes with a reason of their own; any other refusal is `rejected`. */
const REFUSALS: Record<string, CaptureFailureReason> = { EXPIRED: CaptureFailureReason.Expired, NOT_SUPPORTED: CaptureFailureReason.NotSupported };

/**
 * What bridges send back about captures. A captured template is opened with the key of the bridge the capture
 * was sent to, under the binding the api recorded (capture, bridge, reader, person, position, format) — never
 * the one the message claims — and stored through the same path as an upload. Results for captures that are
 * not pending (unknown, finished, timed out) are discarded with their template.
 */
@Injectable()
export class VeinCaptureResults implements OnModuleInit {
  private readonly logger = new Logger(VeinCaptureResults.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly results: BridgeResults,
    private readonly captures: VeinCapturesService,
    private readonly templates: VeinTemplatesService,
    private readonly keyring: CacheKeyring,
    private readonly changes: CredentialChanges,
  ) {}

  onModuleInit(): void {
    this.results.onVeinCapture((bridgeId, result) => this.onCaptureResult(bridgeId, result));
    this.results.onCommandResult((bridgeId, result) => this.onCommandResult(bridgeId, result));
  }

  async onCaptureResult(bridgeId: string, result: VeinCaptureResult): Promise<void> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const capture = await this.captures.pendingForUpdate(m, result.captureId);
      if (!capture || capture.bridgeId !== bridgeId) return 'not pending here';
      if (await this.captures.timeOutIfOverdue(m, capture, new Date())) return 'too late';
      if (!sameCapture(capture, result)) {
        await this.captures.failIn(m, capture, CaptureFailureReason.InvalidResult);
        return 'does not match its capture';
      }
      if (result.status === VeinCaptureStatus.Failed) {
        await this.captures.failIn(m, capture, result.reason ?? CaptureFailureReason.ReaderError, { ...(result.quality !== undefined && { quality: result.quality }) });
        return result.reason ?? 'failed';
      }
      const binding = { captureId: capture.id, bridgeId: capture.bridgeId, readerId: capture.readerId, personId: capture.personId, position: capture.position as VeinCaptureResult['position'], format: capture.format };
      const opened = openCapturedTemplate(result.template!, this.keyring.keyFor(capture.bridgeId), binding);
      if (!opened.ok) {
        await this.captures.failIn(m, capture, CaptureFailureReason.InvalidResult);
        return `template ${opened.error}`;
      }
      try {
        return await this.store(m, capture, opened.template, result.quality!);
      } finally {
        opened.template.fill(0);
      }
    });
    this.logger.log({ bridgeId, captureId: result.captureId, status: result.status, outcome }, 'vein capture result');
    if (outcome === 'enrolled') this.changes.notify('vein.enrolled');
  }

  async onCommandResult(bridgeId: string, result: CommandResult): Promise<void> {
    // `DUPLICATE` means the first copy runs; an ok result means the capture has started.
    if (result.status === 'ok' || result.code === 'DUPLICATE') return;
    await this.dataSource.transaction(async (m) => {
      const capture = await this.captures.pendingForUpdate(m, result.commandId);
      if (!capture || capture.bridgeId !== bridgeId) return;
      await this.captures.failIn(m, capture, REFUSALS[result.code ?? ''] ?? CaptureFailureReason.Rejected, { ...(result.code !== undefined && { detail: result.code }) });
    });
  }

  /** Stores the template as an upload is stored (or fails the capture), in the result's transaction. */
  private async store(m: EntityManager, capture: VeinCaptureEntity, template: Buffer, quality: number): Promise<string> {
    if (!capture.replaceExisting && (await this.templates.hasTemplate(capture.personId, capture.position, m))) {
      await this.captures.failIn(m, capture, CaptureFailureReason.AlreadyEnrolled);
      return CaptureFailureReason.AlreadyEnrolled;
    }
    const operator = { operatorId: capture.requestedBy, username: capture.requestedByUsername, via: capture.requestedVia };
    try {
      const { id } = await this.templates.enrolIn(m, operator, capture.personId, { position: capture.position, format: capture.format, template }, {
        source: 'reader', captureId: capture.id, readerId: capture.readerId, quality,
      });
      await m.update(VeinCaptureEntity, { id: capture.id }, { status: 'enrolled', templateId: id, quality, completedAt: new Date() });
      return 'enrolled';
    } catch (error) {
      // enrolIn checks before it writes: a refusal leaves nothing half-done in the transaction.
      if (!(error instanceof AppError)) throw error;
      const reason = error.code === ErrorCode.Conflict ? CaptureFailureReason.PersonLeft : CaptureFailureReason.InvalidResult;
      await this.captures.failIn(m, capture, reason, { detail: error.title });
      return reason;
    }
  }
}

/** The result names the capture the api sent: same reader, person, position and format. */
function sameCapture(c: VeinCaptureEntity, r: VeinCaptureResult): boolean {
  return r.readerId === c.readerId && r.personId === c.personId && r.position === c.position && r.format === c.format;
}
