// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBase64, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { decodePayload, type Decoded } from '../decode.js';
import { VEIN_POSITIONS, VeinCaptureFailure, VeinCaptureStatus, type VeinPosition } from './vocabulary.js';

/** The longest a reader may be told to wait for a finger during enrolment. */
export const MAX_CAPTURE_TIMEOUT_MS = 120_000;

/** What a `vein-capture` command asks: whose finger, at which reader, for which position and template format. */
export class VeinCaptureParams {
  @IsUUID() personId!: string;
  @IsString() @MaxLength(64) readerId!: string;
  @IsIn(VEIN_POSITIONS) position!: VeinPosition;
  /** Vendor template format byte (sent in BIOREAD, later in BIOMATCH). */
  @IsInt() @Min(0) @Max(255) format!: number;
  /** How long the reader waits for the finger once asked. */
  @IsInt() @Min(1_000) @Max(MAX_CAPTURE_TIMEOUT_MS) timeoutMs!: number;
}

/**
 * A captured template as it travels: AES-256-GCM under the bridge's cache key (`keyId`), its associated data
 * binding capture, bridge, reader, person, position and format (`captureAad`).
 */
export class SealedCapturedTemplate {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/) keyId!: string;
  @IsBase64() @MaxLength(24) iv!: string;
  @IsBase64() @MaxLength(32) tag!: string;
  /** A template is at most 16 KiB, as an upload. */
  @IsBase64() @MaxLength(21_848) ciphertext!: string;
}

/**
 * `{base}/bridges/{id}/captures/result`, QoS 1: the outcome of one `vein-capture` command (`captureId` is the
 * command id). `captured` carries the sealed template and its quality; `failed` carries a reason and nothing else.
 */
export class VeinCaptureResult {
  @IsUUID() captureId!: string;
  @IsString() @MaxLength(64) bridgeId!: string;
  @IsString() @MaxLength(64) readerId!: string;
  @IsUUID() personId!: string;
  @IsIn(VEIN_POSITIONS) position!: VeinPosition;
  @IsInt() @Min(0) @Max(255) format!: number;
  @IsIn(Object.values(VeinCaptureStatus)) status!: VeinCaptureStatus;
  @IsOptional() @IsIn(Object.values(VeinCaptureFailure)) reason?: VeinCaptureFailure;
  /** BIOREADR quality (0 worst … 255). Also reported on `quality-too-low`. */
  @IsOptional() @IsInt() @Min(0) @Max(255) quality?: number;
  @IsOptional() @ValidateNested() @Type(() => SealedCapturedTemplate) template?: SealedCapturedTemplate;
  /** Bridge clock. */
  @IsISO8601({ strict: true }) completedAt!: string;
}

/** Decodes a capture result and checks its shape by status (class-validator cannot say "only when"). */
export function decodeVeinCaptureResult(raw: Buffer | string): Decoded<VeinCaptureResult> {
  const decoded = decodePayload(VeinCaptureResult, raw);
  if (!decoded.ok) return decoded;
  const r = decoded.value;
  const errors =
    r.status === VeinCaptureStatus.Captured
      ? [...(r.template ? [] : ['template: required when captured']), ...(r.quality !== undefined ? [] : ['quality: required when captured']), ...(r.reason ? ['reason: only when failed'] : [])]
      : [...(r.reason ? [] : ['reason: required when failed']), ...(r.template ? ['template: never when failed'] : [])];
  return errors.length === 0 ? decoded : { ok: false, problem: 'schema', errors };
}
