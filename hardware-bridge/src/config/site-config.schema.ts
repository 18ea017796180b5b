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

/** Ids become MQTT topic segments and log keys: same alphabet as `assertTopicSegment`. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ID_MESSAGE = { message: '$property must be an id of letters, digits, "_", "." or "-" (max 64)' };

export const CURRENT_SITE_CONFIG_VERSION = 1;

/** Absolute ceiling for any strike pulse, whatever the wiring file says (the contract's own maximum). */
export const ABSOLUTE_MAX_PULSE_MS = 60_000;

export class ReaderWiring {
  @Matches(ID, ID_MESSAGE) id!: string;
}

export class StrikeWiring {
  /** Default unlock time for a grant when the api names none. */
  @IsOptional() @IsInt() @Min(100) @Max(ABSOLUTE_MAX_PULSE_MS) pulseMs: number = 5_000;
  /** Hard cap applied to every unlock, whatever the api or a command asks for. */
  @IsOptional() @IsInt() @Min(100) @Max(ABSOLUTE_MAX_PULSE_MS) maxPulseMs: number = 10_000;
}

export class DoorWiring {
  @Matches(ID, ID_MESSAGE) id!: string;
  @IsOptional() @Matches(ID, ID_MESSAGE) areaId?: string;
  @ValidateNested() @Type(() => ReaderWiring) entryReader!: ReaderWiring;
  @ValidateNested() @Type(() => ReaderWiring) exitReader!: ReaderWiring;
  @IsOptional() @ValidateNested() @Type(() => StrikeWiring) strike: StrikeWiring = new StrikeWiring();
  /** Open longer than this → `door.held-open`. */
  @IsOptional() @IsInt() @Min(1_000) @Max(3_600_000) heldOpenMs: number = 30_000;
  /** A contact opening this soon after a REX press is an exit, not a forced door. */
  @IsOptional() @IsInt() @Min(0) @Max(60_000) rexGraceMs: number = 10_000;
}

/** `BRIDGE_CONFIG` YAML: the site wiring. Secrets never live here. */
export class SiteConfig {
  @IsIn([CURRENT_SITE_CONFIG_VERSION], { message: `configVersion must be ${CURRENT_SITE_CONFIG_VERSION}` })
  configVersion!: number;

  @IsString() @Matches(ID, ID_MESSAGE) bridgeId!: string;

  @ValidateNested({ each: true }) @Type(() => DoorWiring) @ArrayMinSize(1) doors!: DoorWiring[];
}

/** Rules across fields that decorators cannot express. */
export function siteConfigCrossChecks(config: SiteConfig): string[] {
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
