import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;
const toBool = ({ value }: { value: unknown }) => (typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value);

/** Every environment variable the api reads (documented in .env.example). Nothing else reads process.env. */
export class EnvDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) PORT: number = 3000;
  @IsOptional() @IsString() HOST: string = '127.0.0.1';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' }) DATABASE_URL!: string;
  /**
   * Run as this database role after migrating as the connecting (owner) user, e.g. acs_app: the log tables are
   * then INSERT/SELECT only for the api. The owner must be allowed to SET ROLE to it (superuser or member).
   */
  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'ACS_DB_ROLE must be a plain role name' }) ACS_DB_ROLE?: string;
  @Matches(/^mqtts?:\/\/|^wss?:\/\//, { message: 'MQTT_URL must be an mqtt:// or mqtts:// URL' }) MQTT_URL!: string;
  @IsOptional() @Matches(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/) MQTT_BASE_TOPIC: string = 'acs/v1';

  /** Where the api keeps files it generates (the first-start admin password). */
  @IsOptional() @IsString() ACS_DATA_DIR: string = '.data';
  @IsOptional() @IsString() @MinLength(12) @MaxLength(200) ACS_ADMIN_PASSWORD?: string;

  @Matches(BASE64_32_BYTES, { message: 'ACS_TEMPLATE_KEY must be 32 bytes, base64 encoded' }) ACS_TEMPLATE_KEY!: string;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,32}$/) ACS_TEMPLATE_KEY_ID: string = 't1';
  @Matches(BASE64_32_BYTES, { message: 'ACS_CACHE_KEY must be 32 bytes, base64 encoded' }) ACS_CACHE_KEY!: string;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,32}$/) ACS_CACHE_KEY_ID: string = 'k1';
  /** Per-bridge cache keys `bridgeId:keyId:base64,…`; ACS_CACHE_KEY seals for any bridge not listed. */
  @IsOptional() @IsString() ACS_CACHE_KEYS?: string;
  /** The same entries, one a line, in a file (secret store mount). */
  @IsOptional() @IsString() ACS_CACHE_KEYS_FILE?: string;
  /** Ed25519 seed (32 bytes, base64) signing every cache. Unset: read from or generated into ACS_CACHE_SIGNING_KEY_FILE. */
  @IsOptional() @Matches(BASE64_32_BYTES, { message: 'ACS_CACHE_SIGNING_KEY must be a 32-byte Ed25519 seed, base64 encoded' }) ACS_CACHE_SIGNING_KEY?: string;
  @IsOptional() @IsString() ACS_CACHE_SIGNING_KEY_FILE?: string;
  /** HMAC-SHA-256 key for IC staff card numbers: only keyed hashes are stored and sent to bridges. */
  @Matches(BASE64_32_BYTES, { message: 'ACS_CARD_KEY must be 32 bytes, base64 encoded' }) ACS_CARD_KEY!: string;

  @IsOptional() @Transform(toBool) @IsBoolean() ACS_DEMO_SEED: boolean = false;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) @Max(30_000) ACS_UNLOCK_MS: number = 5000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(5) @Max(1440) ACS_SESSION_TTL_MIN: number = 480;
  /** A contractor is escorted by staff who authenticated at the same door this recently (or who are inside). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(600) ACS_ESCORT_WINDOW_S: number = 15;
  /** Two-person rule: one person alone in such an area longer than this raises an alarm (the escort window's 15 s). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3600) ACS_TWO_PERSON_WINDOW_S: number = 15;

  /** A bridge clock further than this from the api's raises an alarm record (policy 6(1)イ). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) ACS_CLOCK_OFFSET_ALARM_MS: number = 2000;

  // Tamper evidence: signed checkpoints of the access log (C2SP tlog-checkpoint, Ed25519).
  /** The log's origin line; also the signing key's name. */
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9.:/_-]{2,200}$/) ACS_LOG_ORIGIN: string = 'acs.localhost/access-log';
  /** Signer key `PRIVATE+KEY+<origin>+…` (secret store). Unset: read from or generated into ACS_LOG_SIGNING_KEY_FILE. */
  @IsOptional() @IsString() ACS_LOG_SIGNING_KEY?: string;
  @IsOptional() @IsString() ACS_LOG_SIGNING_KEY_FILE?: string;
  /** Sign a checkpoint after this many new records, or after this many seconds when anything is unsigned. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) ACS_CHECKPOINT_EVERY: number = 1000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3600) ACS_CHECKPOINT_INTERVAL_S: number = 10;
  /** Where checkpoint files are written: external media (5(1)⑥ウ). Default <ACS_DATA_DIR>/checkpoints. */
  @IsOptional() @IsString() ACS_CHECKPOINT_DIR?: string;
  /**
   * Retention of access-log records, in days: `acs log prune` redacts records older than this. Never below a year
   * (the only figure municipalities publish is 1 year); the default keeps 5 years.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(365, { message: 'ACS_RETENTION_DAYS must be at least 365 (one year)' }) @Max(36_500) ACS_RETENTION_DAYS: number = 1826;

  /** A Japanese TrueType/OpenType font for PDF exports (default: IPAex Gothic from Debian's fonts-ipaexfont-gothic). */
  @IsOptional() @IsString() ACS_PDF_FONT?: string;

  /** Site-local time zone: schedules, holidays and display times. */
  @IsOptional() @IsString() ACS_TIME_ZONE: string = 'Asia/Tokyo';

  // Door PIN policy (4(4)②: at least 4 characters, changed periodically; defaults are stricter).
  @IsOptional() @Type(() => Number) @IsInt() @Min(4) @Max(12) ACS_PIN_MIN_LENGTH: number = 6;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3650) ACS_PIN_MAX_AGE_DAYS: number = 180;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(24) ACS_PIN_HISTORY: number = 5;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) ACS_PIN_LOCKOUT_THRESHOLD: number = 5;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1440) ACS_PIN_LOCKOUT_MINUTES: number = 15;

  // Operator logins.
  @IsOptional() @Type(() => Number) @IsInt() @Min(8) @Max(128) ACS_PASSWORD_MIN_LENGTH: number = 12;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) ACS_LOGIN_LOCKOUT_THRESHOLD: number = 5;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1440) ACS_LOGIN_LOCKOUT_MINUTES: number = 15;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
}
