// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBase64,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PersonKind } from './vocabulary.js';

/**
 * `{base}/bridges/{id}/cache`: the credential cache, sealed (AES-256-GCM) for the bridge. PIN verifiers and
 * vein templates never travel or rest in clear: the bridge stores this envelope as received.
 */
export class SealedCredentialCache {
  @IsInt() @Min(1) version!: number;
  @IsISO8601({ strict: true }) issuedAt!: string;
  @IsString() @MaxLength(64) keyId!: string;
  @IsBase64() iv!: string;
  @IsBase64() tag!: string;
  @IsBase64() ciphertext!: string;
}

/** `{base}/bridges/{id}/cache/request`. */
export class CredentialCacheRequest {
  @IsInt() @Min(0) haveVersion!: number;
}

export class CachedTemplate {
  @IsUUID() id!: string;
  /** Which finger or palm, e.g. `right-index`, `left-palm`. */
  @IsString() @MaxLength(32) position!: string;
  /** Vendor template format byte for BIOMATCH. */
  @IsInt() @Min(0) @Max(255) format!: number;
  @IsBase64() data!: string;
}

export class CachedPerson {
  @IsUUID() personId!: string;
  @IsString() @MaxLength(32) personNo!: string;
  /** Digits keyed at the reader to claim this identity. */
  @IsString() @MaxLength(32) keypadCode!: string;
  @IsIn(Object.values(PersonKind)) kind!: PersonKind;
  /** argon2id PHC string of the PIN. */
  @IsString() @MaxLength(256) pinVerifier!: string;
  /** False when the PIN is locked or must be changed before door use. */
  @IsIn([true, false]) pinUsable!: boolean;
  @ValidateNested({ each: true }) @Type(() => CachedTemplate) @ArrayMaxSize(20) templates!: CachedTemplate[];
}

export class CachedReader {
  @IsString() @MaxLength(64) readerId!: string;
  @IsInt() @Min(0) @Max(255) veinThreshold!: number;
}

/** The plaintext inside a `SealedCredentialCache`. */
export class CredentialCacheContent {
  @IsInt() @Min(1) version!: number;
  @IsString() @MaxLength(64) bridgeId!: string;
  @IsISO8601({ strict: true }) issuedAt!: string;
  @ValidateNested({ each: true }) @Type(() => CachedPerson) people!: CachedPerson[];
  @ValidateNested({ each: true }) @Type(() => CachedReader) readers!: CachedReader[];
}
