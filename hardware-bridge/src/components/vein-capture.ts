import {
  sealCapturedTemplate,
  VeinCaptureFailure,
  VeinCaptureStatus,
  type BilingualText,
  type CacheKey,
  type VeinCaptureParams,
  type VeinCaptureResult,
  type VeinPosition,
} from '#contracts';
import { BioType } from '#osdp';
import { isoNow, type Clock } from '../clock/clock.js';
import type { BioReadResult, Reader } from '../devices/reader.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';
import { PROMPTS, ReaderFeedback } from './reader-feedback.js';

/** OSDP bio types by position (docs/osdp.md §A7): fingers have codes, palms do not (0x00 "not specified"). */
const BIO_TYPES: Record<VeinPosition, BioType> = {
  'right-thumb': BioType.RightThumb, 'right-index': BioType.RightIndex, 'right-middle': BioType.RightMiddle,
  'right-ring': BioType.RightRing, 'right-little': BioType.RightLittle,
  'left-thumb': BioType.LeftThumb, 'left-index': BioType.LeftIndex, 'left-middle': BioType.LeftMiddle,
  'left-ring': BioType.LeftRing, 'left-little': BioType.LeftLittle,
  'right-palm': BioType.NotSpecified, 'left-palm': BioType.NotSpecified,
};

const FAILURES: Record<Exclude<BioReadResult['status'], 'success'>, VeinCaptureFailure> = {
  timeout: VeinCaptureFailure.Timeout,
  busy: VeinCaptureFailure.ReaderBusy,
  offline: VeinCaptureFailure.ReaderOffline,
  'not-supported': VeinCaptureFailure.NotSupported,
  error: VeinCaptureFailure.ReaderError,
};

const FAILURE_TEXT: Partial<Record<VeinCaptureFailure, BilingualText>> = {
  [VeinCaptureFailure.QualityTooLow]: PROMPTS.enrolPoorQuality,
  [VeinCaptureFailure.Timeout]: PROMPTS.enrolTimeout,
};

export interface VeinCaptureDeps {
  bridgeId: string;
  readers: ReadonlyMap<string, Reader>;
  /** True while a door attempt runs at the reader: its sensor is not free for an enrolment. */
  attemptInProgress: (readerId: string) => boolean;
  /** The bridge's cache key: the api opens the template with its copy of it. */
  sealingKey: CacheKey;
  /** BIOREADR quality below this is refused (and asked of the reader in BIOREAD). */
  minQuality: number;
  mqtt: MqttPort;
  resultTopic: string;
  clock: Clock;
  logger: Logger;
}

/**
 * Enrolment through a door reader: asks the person to present the finger (text, blinking LED, a beep), sends
 * OSDP BIOREAD, checks the quality, seals the template for the api (AES-256-GCM, bound to capture, bridge,
 * reader, person, position and format) and publishes the outcome. The template leaves this class only sealed,
 * is wiped from memory once sealed, and is never logged or stored here.
 */
export class VeinCapture {
  private readonly capturing = new Set<string>();

  constructor(private readonly deps: VeinCaptureDeps) {}

  knowsReader(readerId: string): boolean {
    return this.deps.readers.has(readerId);
  }

  /** Runs one capture and publishes its result (QoS 1); resolves with what was published. */
  async run(captureId: string, params: VeinCaptureParams): Promise<VeinCaptureResult> {
    const result = await this.capture(captureId, params).catch((error: unknown) => {
      this.deps.logger.error({ captureId, readerId: params.readerId, err: errorMessage(error) }, 'vein capture failed');
      return this.failed(captureId, params, VeinCaptureFailure.ReaderError);
    });
    this.deps.logger.info(
      { captureId, readerId: params.readerId, position: params.position, status: result.status, reason: result.reason, quality: result.quality },
      'vein capture finished',
    );
    await this.deps.mqtt.publish(this.deps.resultTopic, result, { qos: 1 }).catch((error: unknown) => {
      // Nothing is kept to resend: the api reports the capture as timed out and the operator tries again.
      this.deps.logger.warn({ captureId, err: errorMessage(error) }, 'vein capture result not published');
    });
    return result;
  }

  private async capture(captureId: string, params: VeinCaptureParams): Promise<VeinCaptureResult> {
    const reader = this.deps.readers.get(params.readerId);
    if (!reader) return this.failed(captureId, params, VeinCaptureFailure.ReaderOffline);
    if (this.capturing.has(params.readerId) || this.deps.attemptInProgress(params.readerId)) {
      return this.failed(captureId, params, VeinCaptureFailure.ReaderBusy);
    }
    this.capturing.add(params.readerId);
    const feedback = new ReaderFeedback(reader, this.deps.logger);
    try {
      feedback.promptEnrolment(params.position.endsWith('-palm'));
      const read = await reader.bioRead({ bioType: BIO_TYPES[params.position], format: params.format, minQuality: this.deps.minQuality, timeoutMs: params.timeoutMs });
      const result = this.outcome(captureId, params, read);
      if (result.status === VeinCaptureStatus.Captured) feedback.enrolled();
      else feedback.enrolmentFailed(FAILURE_TEXT[result.reason!] ?? PROMPTS.enrolFailed);
      return result;
    } finally {
      this.capturing.delete(params.readerId);
    }
  }

  private outcome(captureId: string, params: VeinCaptureParams, read: BioReadResult): VeinCaptureResult {
    if (read.status !== 'success') return this.failed(captureId, params, FAILURES[read.status]);
    try {
      if (read.quality < this.deps.minQuality || read.template.length === 0) {
        return { ...this.failed(captureId, params, VeinCaptureFailure.QualityTooLow), quality: read.quality };
      }
      const binding = { captureId, bridgeId: this.deps.bridgeId, readerId: params.readerId, personId: params.personId, position: params.position, format: params.format };
      const template = sealCapturedTemplate(read.template, this.deps.sealingKey, binding);
      return { ...this.base(captureId, params), status: VeinCaptureStatus.Captured, quality: read.quality, template };
    } finally {
      read.template.fill(0);
    }
  }

  private failed(captureId: string, params: VeinCaptureParams, reason: VeinCaptureFailure): VeinCaptureResult {
    return { ...this.base(captureId, params), status: VeinCaptureStatus.Failed, reason };
  }

  private base(captureId: string, params: VeinCaptureParams): Omit<VeinCaptureResult, 'status'> {
    return {
      captureId,
      bridgeId: this.deps.bridgeId,
      readerId: params.readerId,
      personId: params.personId,
      position: params.position,
      format: params.format,
      completedAt: isoNow(this.deps.clock),
    };
  }
}
