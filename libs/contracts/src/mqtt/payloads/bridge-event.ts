// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  Matches,
  ValidateNested,
} from 'class-validator';
import { DecisionRequest } from './decision.js';
import { BridgeEventType, IdentifierKind } from './vocabulary.js';

/**
 * `{base}/bridges/{id}/events`, QoS 1. Every event is born in the bridge's durable outbox with a UUIDv7 `id`
 * (the access-log record id: a duplicate delivery is stored once) and a per-bridge monotonic `seq`.
 */
export class BridgeEvent {
  @IsUUID() id!: string;
  @IsInt() @Min(1) seq!: number;
  @IsIn(Object.values(BridgeEventType)) type!: BridgeEventType;
  /** Bridge clock. */
  @IsISO8601({ strict: true }) occurredAt!: string;
  @IsString() @MaxLength(64) bridgeId!: string;
  @IsOptional() @IsString() @MaxLength(64) doorId?: string;
  @IsOptional() @IsString() @MaxLength(64) readerId?: string;
  /** The attempt this event follows from (e.g. the grant that unlocked the door). */
  @IsOptional() @IsUUID() attemptId?: string;
  /** Type-specific fields, validated by `eventPayloadClasses[type]`. */
  @IsObject() payload!: Record<string, unknown>;
}

export class EmptyPayload {}

export class DoorUnlockedPayload {
  /** The pulse actually applied (after the bridge's cap). */
  @IsInt() @Min(0) @Max(60_000) pulseMs!: number;
  @IsIn(['grant', 'remote']) cause!: 'grant' | 'remote';
  @IsOptional() @IsUUID() decisionId?: string;
  @IsOptional() @IsUUID() commandId?: string;
}

export class DoorHeldOpenPayload {
  @IsInt() @Min(0) openForMs!: number;
}

export class AttemptUndecidedPayload {
  /** The request that went unanswered, so the api can record the attempt. */
  @ValidateNested() @Type(() => DecisionRequest) request!: DecisionRequest;
  @IsString() @MaxLength(64) localReason!: string;
}

export class CommandRejectedPayload {
  @IsUUID() commandId!: string;
  @IsString() @MaxLength(64) code!: string;
}

export class SecureChannelUpPayload {
  /** True when the session ran on the public install key SCBK-D (install mode only). */
  @IsBoolean() defaultKey!: boolean;
}

export const SecureChannelDownReason = {
  /** A message failed its MAC check; the bridge starts a new handshake. */
  MacFailure: 'mac-failure',
  /** The device refused a secured message (NAK); a new handshake follows. */
  Nak: 'nak',
  /** The device took a new key (install mode) and re-authenticates with it. */
  Keyset: 'keyset',
  /** The device stopped answering. */
  Offline: 'offline',
} as const;
export type SecureChannelDownReason = (typeof SecureChannelDownReason)[keyof typeof SecureChannelDownReason];

export class SecureChannelDownPayload {
  @IsIn(Object.values(SecureChannelDownReason)) reason!: SecureChannelDownReason;
}

export class SecureChannelFailedPayload {
  /** Which key the failed handshake used: the device's own (false) or the install key SCBK-D (true). */
  @IsBoolean() defaultKey!: boolean;
}

export class CredentialPresentedPayload {
  @IsIn(Object.values(IdentifierKind)) kind!: IdentifierKind;
  /** Keypad: the staff number keyed before `#` (never a PIN). Card: the raw bits as hex. */
  @IsString() @MaxLength(256) @Matches(/^[0-9A-Za-z]+$/) value!: string;
  /** Card reads: number of valid bits in `value`. */
  @IsOptional() @IsInt() @Min(1) @Max(1024) bitCount?: number;
  /** Card reads: OSDP RAW format (0 unspecified, 1 Wiegand). */
  @IsOptional() @IsInt() @Min(0) @Max(255) format?: number;
}

export class LocalStatusPayload {
  @IsBoolean() tamper!: boolean;
  @IsBoolean() powerFailure!: boolean;
}

/** Door I/O module events name the module; the envelope's `doorId` names the door it serves. */
export class IoModulePayload {
  @IsString() @MaxLength(64) ioModuleId!: string;
}

export class IoSecureChannelUpPayload extends SecureChannelUpPayload {
  @IsString() @MaxLength(64) ioModuleId!: string;
}

export class IoSecureChannelDownPayload extends SecureChannelDownPayload {
  @IsString() @MaxLength(64) ioModuleId!: string;
}

export class IoSecureChannelFailedPayload extends SecureChannelFailedPayload {
  @IsString() @MaxLength(64) ioModuleId!: string;
}

export class IoLocalStatusPayload extends LocalStatusPayload {
  @IsString() @MaxLength(64) ioModuleId!: string;
}

export const eventPayloadClasses: Record<BridgeEventType, new () => object> = {
  [BridgeEventType.AttemptUndecided]: AttemptUndecidedPayload,
  [BridgeEventType.DoorUnlocked]: DoorUnlockedPayload,
  [BridgeEventType.DoorRelocked]: EmptyPayload,
  [BridgeEventType.DoorOpened]: EmptyPayload,
  [BridgeEventType.DoorClosed]: EmptyPayload,
  [BridgeEventType.DoorForcedOpen]: EmptyPayload,
  [BridgeEventType.DoorHeldOpen]: DoorHeldOpenPayload,
  [BridgeEventType.ExitRequested]: EmptyPayload,
  [BridgeEventType.ReaderOnline]: EmptyPayload,
  [BridgeEventType.ReaderOffline]: EmptyPayload,
  [BridgeEventType.ReaderTamper]: EmptyPayload,
  [BridgeEventType.ReaderSecureChannelUp]: SecureChannelUpPayload,
  [BridgeEventType.ReaderSecureChannelDown]: SecureChannelDownPayload,
  [BridgeEventType.ReaderSecureChannelFailed]: SecureChannelFailedPayload,
  [BridgeEventType.ReaderCredentialPresented]: CredentialPresentedPayload,
  [BridgeEventType.ReaderLocalStatus]: LocalStatusPayload,
  [BridgeEventType.DoorIoOnline]: IoModulePayload,
  [BridgeEventType.DoorIoOffline]: IoModulePayload,
  [BridgeEventType.DoorIoSecureChannelUp]: IoSecureChannelUpPayload,
  [BridgeEventType.DoorIoSecureChannelDown]: IoSecureChannelDownPayload,
  [BridgeEventType.DoorIoSecureChannelFailed]: IoSecureChannelFailedPayload,
  [BridgeEventType.DoorIoLocalStatus]: IoLocalStatusPayload,
  [BridgeEventType.CommandRejected]: CommandRejectedPayload,
};

/** `{base}/bridges/{id}/events/ack`: these ids are durably in the access log. */
export class EventAck {
  @IsUUID('all', { each: true }) @ArrayMaxSize(1000) ids!: string[];
}
