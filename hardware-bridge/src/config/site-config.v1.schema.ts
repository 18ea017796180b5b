import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ABSOLUTE_MAX_PULSE_MS, ID, ID_MESSAGE, StrikeWiring } from './site-config.schema.js';

/**
 * Site wiring version 1 (walking skeleton: simulated readers and doors only, no buses). Still accepted:
 * a v1 file is validated against these classes, then migrated to the current version
 * (`migrate-site-config.ts`).
 */
export class ReaderWiringV1 {
  @Matches(ID, ID_MESSAGE) id!: string;
}

export class DoorWiringV1 {
  @Matches(ID, ID_MESSAGE) id!: string;
  @IsOptional() @Matches(ID, ID_MESSAGE) areaId?: string;
  @ValidateNested() @Type(() => ReaderWiringV1) entryReader!: ReaderWiringV1;
  @ValidateNested() @Type(() => ReaderWiringV1) exitReader!: ReaderWiringV1;
  @IsOptional() @ValidateNested() @Type(() => StrikeWiring) strike: StrikeWiring = new StrikeWiring();
  /** Open longer than this → `door.held-open`. */
  @IsOptional() @IsInt() @Min(1_000) @Max(3_600_000) heldOpenMs: number = 30_000;
  /** A contact opening this soon after a REX press is an exit, not a forced door. */
  @IsOptional() @IsInt() @Min(0) @Max(60_000) rexGraceMs: number = 10_000;
}

export class SiteConfigV1 {
  @IsIn([1], { message: 'configVersion must be 1' })
  configVersion!: 1;

  @IsString() @Matches(ID, ID_MESSAGE) bridgeId!: string;

  @ValidateNested({ each: true }) @Type(() => DoorWiringV1) @ArrayMinSize(1) doors!: DoorWiringV1[];
}

/** Rules across fields that decorators cannot express. */
export function siteConfigV1CrossChecks(config: SiteConfigV1): string[] {
  const problems: string[] = [];
  const seenDoors = new Set<string>();
  const seenReaders = new Set<string>();
  config.doors.forEach((door, i) => {
    if (seenDoors.has(door.id)) problems.push(`doors.${i}.id: duplicate door id ${door.id}`);
    seenDoors.add(door.id);
    for (const [key, reader] of [['entryReader', door.entryReader], ['exitReader', door.exitReader]] as const) {
      if (seenReaders.has(reader.id)) problems.push(`doors.${i}.${key}.id: reader ${reader.id} is wired twice`);
      seenReaders.add(reader.id);
    }
    if (door.strike.pulseMs > door.strike.maxPulseMs) {
      problems.push(`doors.${i}.strike.pulseMs: ${door.strike.pulseMs} exceeds maxPulseMs ${door.strike.maxPulseMs}`);
    }
  });
  return problems;
}
