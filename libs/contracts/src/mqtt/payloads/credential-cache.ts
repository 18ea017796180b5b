// class-transformer's @Type() reads design-time metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PersonKind } from './vocabulary.js';

export const CacheKind = { Full: 'full', Delta: 'delta' } as const;
export type CacheKind = (typeof CacheKind)[keyof typeof CacheKind];

/**
 * `{base}/bridges/{id}/cache`: the credential cache, sealed (AES-256-GCM) with the bridge's own key. PIN
 * verifiers, vein templates and card hashes never travel or rest in clear: the bridge stores this envelope as
 * received. A `full` snapshot (the default when `kind` is absent) replaces everything; a `delta` applies only
 * on top of exactly `baseVersion`. The api signs every envelope (Ed25519, `cacheSigningInput`).
 */
export class SealedCredentialCache {
  @IsInt() @Min(1) version!: number;
  @IsISO8601({ strict: true }) issuedAt!: string;
  @IsString() @MaxLength(64) keyId!: string;
  @IsBase64() iv!: string;
  @IsBase64() tag!: string;
  @IsBase64() ciphertext!: string;
  /** Absent = `full` (the only kind before deltas existed). */
  @IsOptional() @IsIn(Object.values(CacheKind)) kind?: CacheKind;
  /** Deltas only: the exact version this delta applies on top of. */
  @ValidateIf((o: SealedCredentialCache) => o.kind === CacheKind.Delta || o.baseVersion !== undefined) @IsInt() @Min(1) baseVersion?: number;
  /** Ed25519 signature (base64 of 64 bytes) by the api over `cacheSigningInput(envelope, bridgeId)`. */
  @IsOptional() @IsBase64() @Length(88, 88) signature?: string;
  /** Which api key signed: the first 16 hex digits of SHA-256 over its raw 32-byte public key. */
  @IsOptional() @Matches(/^[0-9a-f]{16}$/) signerKeyId?: string;
}

/** `{base}/bridges/{id}/cache/request`: "send me a full snapshot"; `haveVersion` is what the bridge holds. */
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
  /** IC staff cards as `cardHash` (HMAC-SHA-256 under the cache's `cardKey`, hex); never the card number. */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(/^[0-9a-f]{64}$/, { each: true }) cards?: string[];
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
  /** The card key (base64, 32 bytes) the bridge hashes presented cards with; absent = no card identifiers. */
  @IsOptional() @IsBase64() @Length(44, 44) cardKey?: string;
}

/**
 * The plaintext inside a `delta` envelope: what changed between `baseVersion` and `version`. People in
 * `upserts` replace (or add) the whole cached person; `removals` are person ids; `readers`, when present,
 * replace the reader list.
 */
export class CredentialCacheDelta {
  @IsInt() @Min(2) version!: number;
  @IsInt() @Min(1) baseVersion!: number;
  @IsString() @MaxLength(64) bridgeId!: string;
  @IsISO8601({ strict: true }) issuedAt!: string;
  @ValidateNested({ each: true }) @Type(() => CachedPerson) upserts!: CachedPerson[];
  @IsArray() @IsUUID('all', { each: true }) removals!: string[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => CachedReader) readers?: CachedReader[];
}
