import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OSDP_BAUD_RATES } from '../transport/transport.js';

/** Ids become MQTT topic segments and log keys: same alphabet as `assertTopicSegment`. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const ID_MESSAGE = { message: '$property must be an id of letters, digits, "_", "." or "-" (max 64)' };

export const CURRENT_SITE_CONFIG_VERSION = 2;

/** Absolute ceiling for any strike pulse, whatever the wiring file says (the contract's own maximum). */
export const ABSOLUTE_MAX_PULSE_MS = 60_000;

export const DEVICE_ROLES = ['reader', 'io'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** One RS-485 line (one serial port) with its OSDP devices. */
export class BusWiring {
  @Matches(ID, ID_MESSAGE) id!: string;
  /** Serial device, e.g. `/dev/serial/by-id/usb-FTDI…` (stable across reboots) or `/dev/ttyUSB0`. */
  @IsString() @MinLength(1) @MaxLength(256) device!: string;
  @IsOptional() @IsIn([...OSDP_BAUD_RATES], { message: `baud must be one of ${OSDP_BAUD_RATES.join(', ')}` }) baud: number = 9600;
  /** How often each device on the bus is polled, as far as the line allows. */
  @IsOptional() @IsInt() @Min(20) @Max(10_000) pollIntervalMs: number = 200;
  /** Optional hex packet trace for field debugging (one line per frame, appended). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256) traceFile?: string;
}

/** A reader or a door I/O module on a bus. Its key (SCBK) comes from the secrets file or env, never from here. */
export class DeviceWiring {
  @Matches(ID, ID_MESSAGE) id!: string;
  @IsIn([...DEVICE_ROLES], { message: `role must be one of ${DEVICE_ROLES.join(', ')}` }) role!: DeviceRole;
  @Matches(ID, ID_MESSAGE) bus!: string;
  @IsInt() @Min(0) @Max(126) address!: number;
  /** OSDP Secure Channel; plaintext only when this says `false` for this device. */
  @IsOptional() @IsBoolean() secureChannel: boolean = true;
  /** Let a device still on the public install key SCBK-D receive its own key (KEYSET). Off unless installing. */
  @IsOptional() @IsBoolean() installMode: boolean = false;
  /** Overrides the bus poll interval for this device. */
  @IsOptional() @IsInt() @Min(20) @Max(10_000) pollIntervalMs?: number;
}

/** Which points of an I/O module a door uses. Inputs read 1 (active) when the door is open / REX is pressed. */
export class DoorIoMapping {
  @Matches(ID, ID_MESSAGE) module!: string;
  @IsInt() @Min(0) @Max(255) strikeOutput!: number;
  @IsInt() @Min(0) @Max(255) contactInput!: number;
  @IsOptional() @IsInt() @Min(0) @Max(255) rexInput?: number;
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
  /** Reader device ids. */
  @Matches(ID, ID_MESSAGE) entryReader!: string;
  @IsOptional() @Matches(ID, ID_MESSAGE) exitReader?: string;
  @ValidateNested() @Type(() => DoorIoMapping) io!: DoorIoMapping;
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

  @ValidateNested({ each: true }) @Type(() => BusWiring) @ArrayMinSize(1) buses!: BusWiring[];

  @ValidateNested({ each: true }) @Type(() => DeviceWiring) @ArrayMinSize(1) devices!: DeviceWiring[];

  @ValidateNested({ each: true }) @Type(() => DoorWiring) @ArrayMinSize(1) doors!: DoorWiring[];
}
