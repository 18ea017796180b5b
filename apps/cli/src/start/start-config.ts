import { resolve } from 'node:path';

/** Settings of `npm start` (the orchestrator); every bad one is reported at once. */
export interface StartConfig {
  dataDir: string;
  host: string;
  apiPort: number;
  embeddedPgPort: number;
  embeddedMqttPort: number;
  databaseUrl?: string;
  mqttUrl?: string;
  baseTopic: string;
  adminPassword?: string;
  templateKey?: string;
  cacheKey?: string;
  cardKey?: string;
  cacheSigningKey?: string;
  demoSeed: boolean;
  startBridge: boolean;
  verbose: boolean;
  logLevel: string;
}

export function readStartConfig(env: NodeJS.ProcessEnv, argv: string[]): StartConfig {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) problems.push(`${name} must be a port number (1-65535), got ${JSON.stringify(raw)}`);
    return n;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!['true', 'false', '1', '0'].includes(raw)) problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
    return raw === 'true' || raw === '1';
  };
  const config: StartConfig = {
    dataDir: resolve(env.ACS_DATA_DIR || '.data'),
    host: env.HOST || '127.0.0.1',
    apiPort: port('PORT', 3000),
    embeddedPgPort: port('ACS_EMBEDDED_PG_PORT', 54329),
    embeddedMqttPort: port('ACS_EMBEDDED_MQTT_PORT', 18830),
    databaseUrl: env.DATABASE_URL || undefined,
    mqttUrl: env.MQTT_URL || undefined,
    baseTopic: env.MQTT_BASE_TOPIC || 'acs/v1',
    adminPassword: env.ACS_ADMIN_PASSWORD || undefined,
    templateKey: env.ACS_TEMPLATE_KEY || undefined,
    cacheKey: env.ACS_CACHE_KEY || undefined,
    cardKey: env.ACS_CARD_KEY || undefined,
    cacheSigningKey: env.ACS_CACHE_SIGNING_KEY || undefined,
    demoSeed: flag('ACS_DEMO_SEED', true),
    startBridge: flag('ACS_START_BRIDGE', true),
    verbose: argv.includes('--verbose') || flag('ACS_VERBOSE', false),
    logLevel: env.LOG_LEVEL || 'info',
  };
  if (config.adminPassword !== undefined && config.adminPassword.length < 12) problems.push('ACS_ADMIN_PASSWORD must be at least 12 characters');
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return config;
}
