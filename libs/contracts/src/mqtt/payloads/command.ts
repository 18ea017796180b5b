// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { VeinCaptureParams } from './vein-capture.js';
import { CommandStatus, CommandType } from './vocabulary.js';

/**
 * `{base}/bridges/{id}/commands`, QoS 1, never retained. Idempotent by `id`; refused after `expiresAt`.
 */
export class BridgeCommand {
  @IsUUID() id!: string;
  @IsIn(Object.values(CommandType)) type!: CommandType;
  @IsISO8601({ strict: true }) issuedAt!: string;
  @IsISO8601({ strict: true }) expiresAt!: string;
  @IsOptional() @IsString() @MaxLength(64) doorId?: string;
  /** Requested unlock time for `unlock`; the bridge caps it. */
  @IsOptional() @IsInt() @Min(0) @Max(60_000) pulseMs?: number;
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
  /** `vein-capture` only (required there): whose finger to read at which reader. */
  @ValidateIf((c: BridgeCommand) => c.type === CommandType.VeinCapture || c.capture !== undefined)
  @IsDefined() @ValidateNested() @Type(() => VeinCaptureParams)
  capture?: VeinCaptureParams;
}

/** `{base}/bridges/{id}/commands/result`. */
export class CommandResult {
  @IsUUID() commandId!: string;
  @IsIn(Object.values(CommandStatus)) status!: CommandStatus;
  /** Machine code when not ok, e.g. EXPIRED, DUPLICATE, UNKNOWN_DOOR. */
  @IsOptional() @IsString() @MaxLength(64) code?: string;
  @IsOptional() @IsString() @MaxLength(500) message?: string;
  @IsISO8601({ strict: true }) completedAt!: string;
}
