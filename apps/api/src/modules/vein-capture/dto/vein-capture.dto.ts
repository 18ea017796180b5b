import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VEIN_POSITIONS, VeinCaptureFailure } from '#contracts';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { IdParam } from '../../../common/validation/params.dto.js';

/** Why a capture failed: what the bridge reported, or what the api found. */
export const CaptureFailureReason = {
  ...VeinCaptureFailure,
  /** The bridge owning the reader is offline (or the broker unreachable): the command was not sent. */
  BridgeOffline: 'bridge-offline',
  /** The bridge got the command after its expiry and did not run it. */
  Expired: 'expired',
  /** The bridge refused the command otherwise (see `detail`). */
  Rejected: 'rejected',
  /** The result did not open with the bridge's key for this capture (tampered, replayed or mislabelled). */
  InvalidResult: 'invalid-result',
  /** The person left while the capture ran. */
  PersonLeft: 'person-left',
  /** A template for the position was enrolled meanwhile and `replace` was not asked. */
  AlreadyEnrolled: 'already-enrolled',
} as const;
export type CaptureFailureReason = (typeof CaptureFailureReason)[keyof typeof CaptureFailureReason];

export class StartVeinCaptureDto {
  @ApiProperty({ example: 'reader-a1-in', description: 'The door reader the person presents the finger to' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/) readerId!: string;
  @ApiProperty({ enum: VEIN_POSITIONS }) @IsIn(VEIN_POSITIONS, { message: `position must be one of ${VEIN_POSITIONS.join(', ')}` }) position!: string;
  @ApiPropertyOptional({ description: 'Vendor template format byte (BIOREAD/BIOMATCH format)', default: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(255) format?: number;
  @ApiPropertyOptional({ description: 'Replace an enrolled template for this position (otherwise 409)', default: false })
  @IsOptional() @IsBoolean() replace?: boolean;
}

export class CaptureParams extends IdParam {
  @IsUUID() captureId!: string;
}

/** A capture as the api reports it: its state, never the template. */
export class VeinCaptureDto {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() readerId!: string;
  @ApiProperty({ enum: VEIN_POSITIONS }) position!: string;
  @ApiProperty() format!: number;
  @ApiProperty({ enum: ['pending', 'enrolled', 'failed'] }) status!: string;
  @ApiPropertyOptional({ enum: Object.values(CaptureFailureReason) }) reason?: string;
  @ApiPropertyOptional({ description: "The bridge's refusal code" }) detail?: string;
  @ApiPropertyOptional({ description: 'Template quality the reader reported (0 worst … 255)' }) quality?: number;
  @ApiPropertyOptional({ description: 'The enrolled template (listed under vein-templates)' }) templateId?: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ description: 'Still pending after this, the capture fails (timeout)' }) deadlineAt!: string;
  @ApiPropertyOptional() completedAt?: string;
}
