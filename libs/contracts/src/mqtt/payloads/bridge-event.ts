// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  ValidateNested,
} from 'class-validator';
import { DecisionRequest } from './decision.js';
import { BridgeEventType } from './vocabulary.js';

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
  [BridgeEventType.CommandRejected]: CommandRejectedPayload,
};

/** `{base}/bridges/{id}/events/ack`: these ids are durably in the access log. */
export class EventAck {
  @IsUUID('all', { each: true }) @ArrayMaxSize(1000) ids!: string[];
}
