import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';

/** A unique MQTT base topic per test, so runs never see each other's messages on a shared broker. */
export const uniqueBaseTopic = (): string => `acs-test-${randomBytes(4).toString('hex')}/v1`;

export function testApiConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    MQTT_URL: process.env.MQTT_URL,
    MQTT_BASE_TOPIC: uniqueBaseTopic(),
    ACS_TEMPLATE_KEY: randomBytes(32).toString('base64'),
    ACS_CACHE_KEY: randomBytes(32).toString('base64'),
    ACS_CARD_KEY: randomBytes(32).toString('base64'),
    ACS_ADMIN_PASSWORD: 'test-admin-password',
    ACS_DATA_DIR: mkdtempSync(join(tmpdir(), 'acs-test-data-')),
    ACS_DEMO_SEED: 'true',
    LOG_LEVEL: 'warn',
    // The api runs as the least-privilege role in every end-to-end test, as production should.
    ACS_DB_ROLE: 'acs_app',
    ...overrides,
  });
}
