import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CacheKey } from '#contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { isTimeZone } from '../common/time/format-in-zone.js';
import { parseCacheKeys } from './cache-keys.js';
import { EnvDto } from './env.dto.js';

/** Typed, frozen configuration of the api, validated once at start. */
export interface AppConfig {
  http: { port: number; host: string };
  databaseUrl: string;
  /** Runtime database role (migrations still run as the connecting user). */
  dbRole?: string;
  mqtt: { url: string; baseTopic: string };
  dataDir: string;
  adminPassword?: string;
  templateKey: { id: string; key: Buffer };
  /** Seals the cache of any bridge without a key of its own in `cacheKeys`. */
  cacheKey: CacheKey;
  cacheKeys: ReadonlyMap<string, CacheKey>;
  cacheSigning: { seed?: Buffer; keyFile: string };
  cardKey: Buffer;
  demoSeed: boolean;
  unlockMs: number;
  sessionTtlMs: number;
  escortWindowMs: number;
  /** One person alone longer than this in a two-person area raises an alarm. */
  twoPersonWindowMs: number;
  timeZone: string;
  clockOffsetAlarmMs: number;
  pdfFont?: string;
  log: {
    origin: string; signingKey?: string; signingKeyFile: string; checkpointEvery: number; checkpointIntervalMs: number; checkpointDir: string;
    /** Records older than this many days may be pruned (`acs log prune`); at least 365. */
    retentionDays: number;
  };
  pinPolicy: PinPolicy;
  login: { passwordMinLength: number; lockoutThreshold: number; lockoutMs: number };
  logLevel: string;
}

export interface PinPolicy {
  minLength: number;
  /** 0 = PINs never expire. */
  maxAgeMs: number;
  /** How many previous PINs may not be reused. */
  history: number;
  lockoutThreshold: number;
  lockoutMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment and throws ONE error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const dto = plainToInstance(EnvDto, stripEmpty(env), { exposeDefaultValues: true });
  const errors = validateSync(dto, { forbidUnknownValues: true });
  if (!isTimeZone(dto.ACS_TIME_ZONE)) errors.push(Object.assign(new ValidationError(), { property: 'ACS_TIME_ZONE', constraints: { tz: 'ACS_TIME_ZONE must be an IANA time zone, e.g. Asia/Tokyo' } }));
  const cacheKeys = readCacheKeys(dto);
  if (errors.length > 0 || !cacheKeys.ok) {
    throw new ConfigError([...errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` })), ...(cacheKeys.ok ? [] : cacheKeys.problems)]);
  }
  return Object.freeze({
    http: { port: dto.PORT, host: dto.HOST },
    databaseUrl: dto.DATABASE_URL,
    dbRole: dto.ACS_DB_ROLE,
    mqtt: { url: dto.MQTT_URL, baseTopic: dto.MQTT_BASE_TOPIC },
    dataDir: dto.ACS_DATA_DIR,
    adminPassword: dto.ACS_ADMIN_PASSWORD,
    templateKey: { id: dto.ACS_TEMPLATE_KEY_ID, key: Buffer.from(dto.ACS_TEMPLATE_KEY, 'base64') },
    cacheKey: { id: dto.ACS_CACHE_KEY_ID, key: Buffer.from(dto.ACS_CACHE_KEY, 'base64') },
    cacheKeys: cacheKeys.keys,
    cacheSigning: {
      ...(dto.ACS_CACHE_SIGNING_KEY !== undefined && { seed: Buffer.from(dto.ACS_CACHE_SIGNING_KEY, 'base64') }),
      keyFile: dto.ACS_CACHE_SIGNING_KEY_FILE ?? join(dto.ACS_DATA_DIR, 'cache-signing.key'),
    },
    cardKey: Buffer.from(dto.ACS_CARD_KEY, 'base64'),
    demoSeed: dto.ACS_DEMO_SEED,
    unlockMs: dto.ACS_UNLOCK_MS,
    sessionTtlMs: dto.ACS_SESSION_TTL_MIN * 60_000,
    escortWindowMs: dto.ACS_ESCORT_WINDOW_S * 1000,
    twoPersonWindowMs: dto.ACS_TWO_PERSON_WINDOW_S * 1000,
    timeZone: dto.ACS_TIME_ZONE,
    clockOffsetAlarmMs: dto.ACS_CLOCK_OFFSET_ALARM_MS,
    pdfFont: dto.ACS_PDF_FONT,
    log: {
      origin: dto.ACS_LOG_ORIGIN,
      signingKey: dto.ACS_LOG_SIGNING_KEY,
      signingKeyFile: dto.ACS_LOG_SIGNING_KEY_FILE ?? join(dto.ACS_DATA_DIR, 'log-signing.key'),
      checkpointEvery: dto.ACS_CHECKPOINT_EVERY,
      checkpointIntervalMs: dto.ACS_CHECKPOINT_INTERVAL_S * 1000,
      checkpointDir: dto.ACS_CHECKPOINT_DIR ?? join(dto.ACS_DATA_DIR, 'checkpoints'),
      retentionDays: dto.ACS_RETENTION_DAYS,
    },
    pinPolicy: {
      minLength: dto.ACS_PIN_MIN_LENGTH,
      maxAgeMs: dto.ACS_PIN_MAX_AGE_DAYS * 86_400_000,
      history: dto.ACS_PIN_HISTORY,
      lockoutThreshold: dto.ACS_PIN_LOCKOUT_THRESHOLD,
      lockoutMs: dto.ACS_PIN_LOCKOUT_MINUTES * 60_000,
    },
    login: {
      passwordMinLength: dto.ACS_PASSWORD_MIN_LENGTH,
      lockoutThreshold: dto.ACS_LOGIN_LOCKOUT_THRESHOLD,
      lockoutMs: dto.ACS_LOGIN_LOCKOUT_MINUTES * 60_000,
    },
    logLevel: dto.LOG_LEVEL,
  });
}

/** ACS_CACHE_KEYS and ACS_CACHE_KEYS_FILE together (a bridge in both is a problem). */
function readCacheKeys(dto: EnvDto): { ok: true; keys: ReadonlyMap<string, CacheKey> } | { ok: false; problems: string[] } {
  let fileText = '';
  if (dto.ACS_CACHE_KEYS_FILE !== undefined) {
    try {
      fileText = readFileSync(dto.ACS_CACHE_KEYS_FILE, 'utf8');
    } catch {
      return { ok: false, problems: [`ACS_CACHE_KEYS_FILE ${dto.ACS_CACHE_KEYS_FILE} cannot be read`] };
    }
  }
  return parseCacheKeys([dto.ACS_CACHE_KEYS ?? '', fileText].join('\n'), 'ACS_CACHE_KEYS(_FILE)');
}

/** Only the variables the api knows, with empty strings treated as unset. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const known = Object.keys(new EnvDto());
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && v !== '' && (known.includes(k) || k === 'DATABASE_URL' || k === 'MQTT_URL' || k.startsWith('ACS_'))) out[k] = v;
  }
  return out;
}
