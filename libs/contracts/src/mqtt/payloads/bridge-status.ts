import { IsIn, IsISO8601, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** `{base}/bridges/{id}/status`, retained. The Last Will carries `state: 'offline'`. */
export class BridgeStatus {
  @IsIn(['online', 'offline']) state!: 'online' | 'offline';
  @IsString() @MaxLength(64) bridgeId!: string;
  @IsOptional() @IsString() @MaxLength(64) version?: string;
  /** The bridge's clock when it published this (for clock-offset estimates). */
  @IsOptional() @IsISO8601({ strict: true }) bridgeTime?: string;
  @IsOptional() @IsISO8601({ strict: true }) startedAt?: string;
  /** Version of the credential cache the bridge holds (0 = none). */
  @IsOptional() @IsInt() @Min(0) cacheVersion?: number;
  @IsOptional() @IsInt() @Min(0) outboxDepth?: number;
}

/** `{base}/api/status`, retained; Last Will `offline`. */
export class ApiStatus {
  @IsIn(['online', 'offline']) state!: 'online' | 'offline';
  @IsOptional() @IsISO8601({ strict: true }) apiTime?: string;
}
