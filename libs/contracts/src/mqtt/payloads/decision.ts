// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BilingualText } from './bilingual-text.js';
import { Direction, IdentifierKind, Outcome, PinResult, VeinResult } from './vocabulary.js';

const values = <T extends Record<string, string>>(o: T): string[] => Object.values(o);

export class ClaimedIdentifier {
  @IsIn(values(IdentifierKind)) kind!: IdentifierKind;
  /** What was keyed or read (a staff number, never a PIN). */
  @IsString() @MaxLength(32) @Matches(/^[0-9A-Za-z]+$/) value!: string;
}

export class VeinFactor {
  @IsIn(values(VeinResult)) result!: VeinResult;
  /** Match score from the reader, 0 (no match) … 255 (best). */
  @IsOptional() @IsInt() @Min(0) @Max(255) score?: number;
  /** The reader's configured threshold the score was compared with. */
  @IsOptional() @IsInt() @Min(0) @Max(255) threshold?: number;
}

export class FactorResults {
  @IsIn(values(PinResult)) pin!: PinResult;
  @ValidateNested() @Type(() => VeinFactor) vein!: VeinFactor;
}

/**
 * `{base}/bridges/{id}/decisions`: the bridge authenticated (or failed to) and asks the api to decide.
 * The reply goes to `replyTo` with the same `correlationId` (MQTT 3.1.1 request/response).
 */
export class DecisionRequest {
  @IsUUID() correlationId!: string;
  @IsString() @MaxLength(200) replyTo!: string;
  /** Record id of the attempt, born at the bridge (UUIDv7): a retried request is decided once. */
  @IsUUID() attemptId!: string;
  @IsString() @MaxLength(64) bridgeId!: string;
  @IsString() @MaxLength(64) doorId!: string;
  @IsString() @MaxLength(64) readerId!: string;
  @IsIn(values(Direction)) direction!: Direction;
  @ValidateNested() @Type(() => ClaimedIdentifier) identifier!: ClaimedIdentifier;
  /** The person the bridge's cache resolved the identifier to; null when unknown. */
  @ValidateIf((_, v) => v !== null) @IsUUID() personId!: string | null;
  @ValidateNested() @Type(() => FactorResults) factors!: FactorResults;
  /** Bridge clock when the attempt happened. */
  @IsISO8601({ strict: true }) occurredAt!: string;
  /** After this instant the bridge no longer waits: the api must not grant past it. */
  @IsISO8601({ strict: true }) respondBy!: string;
  @IsInt() @Min(0) cacheVersion!: number;
}

/** The api's answer, published to the request's `replyTo`. */
export class DecisionReply {
  @IsUUID() correlationId!: string;
  @IsUUID() attemptId!: string;
  @IsUUID() decisionId!: string;
  @IsIn(values(Outcome)) outcome!: Outcome;
  /** Stable reason code (UPPER_SNAKE), e.g. GRANTED, PIN_INVALID. */
  @IsString() @Matches(/^[A-Z][A-Z0-9_]{1,63}$/) reason!: string;
  /** How long to release the strike; the bridge caps it whatever this says. */
  @IsOptional() @IsInt() @Min(0) @Max(60_000) unlockMs?: number;
  @ValidateNested() @Type(() => BilingualText) display!: BilingualText;
  @IsISO8601({ strict: true }) decidedAt!: string;
}
