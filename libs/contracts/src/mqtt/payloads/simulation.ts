// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBase64, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { BilingualText } from './bilingual-text.js';
import { Outcome } from './vocabulary.js';

/**
 * Simulation only (`{base}/sim/bridges/{id}/present`): a synthetic person walks up to a simulated reader,
 * optionally holds an IC card to it (`card`, raw bits as hex), keys `keys` (digits, `#` ends an entry: the
 * staff number and PIN, or only the PIN after a card) and places a finger whose vein pattern is `veinSample`.
 */
export class SimPresentRequest {
  @IsUUID() requestId!: string;
  @IsString() @MaxLength(64) readerId!: string;
  @IsString() @Matches(/^[0-9*#]{1,64}$/) keys!: string;
  @IsOptional() @IsBase64() veinSample?: string;
  @IsOptional() @Matches(/^(?:[0-9a-fA-F]{2}){1,32}$/) card?: string;
}

export class SimPresentResult {
  @IsUUID() requestId!: string;
  /** False when the bridge could not run the walk (unknown reader, busy, no decision). */
  @IsBoolean() completed!: boolean;
  @IsOptional() @IsUUID() attemptId?: string;
  @IsOptional() @IsIn(Object.values(Outcome)) outcome?: Outcome;
  @IsOptional() @IsString() @MaxLength(64) reason?: string;
  @IsOptional() @ValidateNested() @Type(() => BilingualText) display?: BilingualText;
  @IsBoolean() doorOpened!: boolean;
  @IsBoolean() doorClosed!: boolean;
  @IsOptional() @IsString() @MaxLength(500) error?: string;
}

/**
 * Simulation only (`{base}/sim/bridges/{id}/finger`): a synthetic person rests a finger (`veinSample`) on a
 * simulated reader for up to `holdMs`, e.g. while an operator enrols it through the reader (BIOREAD). `quality`
 * is what the sensor will report for this placement (default 80; low values stand for a badly placed finger).
 */
export class SimPlaceFinger {
  @IsUUID() requestId!: string;
  @IsString() @MaxLength(64) readerId!: string;
  @IsBase64() @MaxLength(1024) veinSample!: string;
  @IsOptional() @IsInt() @Min(0) @Max(255) quality?: number;
  @IsOptional() @IsInt() @Min(100) @Max(120_000) holdMs?: number;
}

export class SimPlaceFingerResult {
  @IsUUID() requestId!: string;
  /** False when the bridge could not place it (unknown reader). */
  @IsBoolean() completed!: boolean;
  /** True when the reader scanned the finger (BIOREAD or BIOMATCH) while it rested there. */
  @IsBoolean() read!: boolean;
  @IsOptional() @IsString() @MaxLength(500) error?: string;
}

/** Simulation only (`{base}/sim/bridges/{id}/reader-power`): unplug (`powered: false`) or replug a simulated reader. */
export class SimReaderPower {
  @IsUUID() requestId!: string;
  @IsString() @MaxLength(64) readerId!: string;
  @IsBoolean() powered!: boolean;
}

export class SimReaderPowerResult {
  @IsUUID() requestId!: string;
  @IsBoolean() completed!: boolean;
  @IsOptional() @IsString() @MaxLength(500) error?: string;
}
