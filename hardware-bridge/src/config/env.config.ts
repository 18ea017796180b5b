import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { DEFAULT_BASE_TOPIC, assertBaseTopic, assertTopicSegment } from '#contracts';
import { LOG_LEVELS, type LogLevel } from '../logging/logger.js';
import { SCBK_ENV_PREFIX } from './device-keys.js';
import { ConfigError, deepFreeze, validateConfig } from './validate-config.js';

const isBase64Key32 = (value: unknown): boolean =>
  typeof value === 'string' &&
  /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
  Buffer.from(value, 'base64').length === 32;

const isBaseTopic = (value: unknown): boolean => {
  try {
    return typeof value === 'string' && assertBaseTopic(value) === value;
  } catch {
    return false;
  }
};

const isSegment = (value: unknown): boolean => {
  try {
    return typeof value === 'string' && assertTopicSegment(value) === value;
  } catch {
    return false;
  }
};

/** `process.env` as the bridge reads it. Property names are the variable names, so errors name them. */
class BridgeEnvVars {
  @IsDefined({ message: '$property is required' }) @IsString() @Matches(/^(mqtts?|wss?):\/\/\S+$/, { message: 'MQTT_URL must be an mqtt://, mqtts://, ws:// or wss:// URL' })
  MQTT_URL!: string;

  @IsOptional()
  @ValidateBy({ name: 'isBaseTopic', validator: { validate: isBaseTopic } }, { message: 'MQTT_BASE_TOPIC must be slash-separated topic segments without wildcards' })
  MQTT_BASE_TOPIC: string = DEFAULT_BASE_TOPIC;

  @IsOptional() @IsString() @MinLength(1) BRIDGE_CONFIG: string = 'hardware-bridge/config/simulate.yaml';
  @IsOptional() @IsString() @MinLength(1) BRIDGE_DATA_DIR: string = '.data/bridge';

  @IsDefined({ message: '$property is required' })
  @IsString()
  @ValidateBy({ name: 'isBase64Key32', validator: { validate: isBase64Key32 } }, { message: 'ACS_CACHE_KEY must be base64 of exactly 32 bytes (AES-256 key)' })
  ACS_CACHE_KEY!: string;

  @IsOptional()
  @ValidateBy({ name: 'isSegment', validator: { validate: isSegment } }, { message: 'ACS_CACHE_KEY_ID must be a short id ([A-Za-z0-9_.-])' })
  ACS_CACHE_KEY_ID: string = 'k1';

  /** The api's Ed25519 public key (base64, 32 bytes): every credential cache must carry its signature. */
  @IsOptional()
  @ValidateBy({ name: 'isBase64Key32', validator: { validate: isBase64Key32 } }, { message: 'BRIDGE_API_PUBLIC_KEY must be base64 of exactly 32 bytes (Ed25519 public key)' })
  BRIDGE_API_PUBLIC_KEY?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(10_000)
  BRIDGE_DECISION_TIMEOUT_MS: number = 1_000;

  /** How often the bridge republishes its status (liveness and clock offset for the api). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(5) @Max(3600)
  BRIDGE_HEARTBEAT_S: number = 30;

  /** Enrolment through a reader: the lowest BIOREADR quality accepted (0 worst … 255). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(255)
  BRIDGE_ENROL_MIN_QUALITY: number = 50;

  @IsOptional() @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';

  @IsOptional() @IsIn(['true', 'false', '1', '0']) @MaxLength(5) BRIDGE_SIMULATE?: string;

  /** JSON/YAML file with the OSDP keys: `{ scbk: { <deviceId>: <hex> } }` (mode 600). */
  @IsOptional() @IsString() @MinLength(1) BRIDGE_SECRETS_FILE?: string;
}

/** The validated, frozen environment the composition root passes down. Nothing else reads `process.env`. */
export interface BridgeEnv {
  readonly mqttUrl: string;
  readonly baseTopic: string;
  readonly siteConfigPath: string;
  readonly dataDir: string;
  readonly cacheKey: { readonly id: string; readonly key: Buffer };
  /** Raw Ed25519 public key of the api; undefined = unsigned caches accepted (migration only, warned at start). */
  readonly apiPublicKey?: Buffer;
  readonly decisionTimeoutMs: number;
  readonly heartbeatMs: number;
  /** Lowest template quality an enrolment through a reader accepts. */
  readonly enrolMinQuality: number;
  readonly logLevel: LogLevel;
  readonly simulate: boolean;
  readonly secretsFile?: string;
  /** The `BRIDGE_SCBK_<DEVICE_ID>` variables, read by `loadDeviceKeys` (their values are never logged). */
  readonly scbkVariables: Readonly<Record<string, string>>;
}

const KNOWN = new Set(Object.keys(new BridgeEnvVars()).concat(['MQTT_URL', 'ACS_CACHE_KEY', 'BRIDGE_SIMULATE', 'BRIDGE_SECRETS_FILE', 'BRIDGE_API_PUBLIC_KEY']));

/** Validates once and throws one `ConfigError` listing every bad variable. */
export function loadEnvConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): BridgeEnv {
  // Only our variables: the rest of the environment is not ours to reject.
  const plain = Object.fromEntries(Object.entries(env).filter(([k, v]) => KNOWN.has(k) && v !== undefined && v !== ''));
  const vars = validateConfig(BridgeEnvVars, plain, 'bridge environment');
  const scbkVariables = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith(SCBK_ENV_PREFIX) && v !== undefined && v !== '')) as Record<string, string>;
  const unknownFlags = argv.filter((a) => a.startsWith('-') && a !== '--simulate');
  if (unknownFlags.length > 0) throw new ConfigError('command line', [`unknown option(s): ${unknownFlags.join(' ')}`]);
  // The key object is frozen but the Buffer itself cannot be; nothing writes to it.
  return deepFreeze({
    mqttUrl: vars.MQTT_URL,
    baseTopic: vars.MQTT_BASE_TOPIC,
    siteConfigPath: vars.BRIDGE_CONFIG,
    dataDir: vars.BRIDGE_DATA_DIR,
    cacheKey: { id: vars.ACS_CACHE_KEY_ID, key: Buffer.from(vars.ACS_CACHE_KEY, 'base64') },
    ...(vars.BRIDGE_API_PUBLIC_KEY !== undefined && { apiPublicKey: Buffer.from(vars.BRIDGE_API_PUBLIC_KEY, 'base64') }),
    decisionTimeoutMs: vars.BRIDGE_DECISION_TIMEOUT_MS,
    heartbeatMs: vars.BRIDGE_HEARTBEAT_S * 1000,
    enrolMinQuality: vars.BRIDGE_ENROL_MIN_QUALITY,
    logLevel: vars.LOG_LEVEL,
    simulate: argv.includes('--simulate') || vars.BRIDGE_SIMULATE === 'true' || vars.BRIDGE_SIMULATE === '1',
    ...(vars.BRIDGE_SECRETS_FILE !== undefined && { secretsFile: vars.BRIDGE_SECRETS_FILE }),
    scbkVariables,
  });
}
