import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const valid = {
  DATABASE_URL: 'postgres://u@localhost/acs',
  MQTT_URL: 'mqtt://localhost:1883',
  ACS_TEMPLATE_KEY: randomBytes(32).toString('base64'),
  ACS_CACHE_KEY: randomBytes(32).toString('base64'),
  ACS_CARD_KEY: randomBytes(32).toString('base64'),
};

describe(loadConfig.name, () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ http: { port: 3000, host: '127.0.0.1' }, mqtt: { baseTopic: 'acs/v1' }, demoSeed: false, unlockMs: 5000 });
    expect(config.templateKey.key).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('keeps access-log records 5 years by default, and never less than one year', () => {
    expect(loadConfig(valid).log.retentionDays).toBe(1826);
    expect(loadConfig({ ...valid, ACS_RETENTION_DAYS: '365' }).log.retentionDays).toBe(365);
    expect(() => loadConfig({ ...valid, ACS_RETENTION_DAYS: '364' })).toThrow(/ACS_RETENTION_DAYS must be at least 365/);
  });

  it('gives the two-person rule the escort window by default, within 1 s to 1 h', () => {
    expect(loadConfig(valid).twoPersonWindowMs).toBe(15_000);
    expect(loadConfig({ ...valid, ACS_TWO_PERSON_WINDOW_S: '60' }).twoPersonWindowMs).toBe(60_000);
    expect(() => loadConfig({ ...valid, ACS_TWO_PERSON_WINDOW_S: '0' })).toThrow(/ACS_TWO_PERSON_WINDOW_S/);
    expect(() => loadConfig({ ...valid, ACS_TWO_PERSON_WINDOW_S: '3601' })).toThrow(/ACS_TWO_PERSON_WINDOW_S/);
  });

  it('reads numbers and booleans from strings', () => {
    expect(loadConfig({ ...valid, PORT: '8080', ACS_DEMO_SEED: 'true' })).toMatchObject({ http: { port: 8080 }, demoSeed: true });
  });

  it('lists every bad variable in one error', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', ACS_TEMPLATE_KEY: 'short', MQTT_URL: 'http://x' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/DATABASE_URL/);
    expect(error!.message).toMatch(/MQTT_URL/);
    expect(error!.message).toMatch(/ACS_TEMPLATE_KEY/);
    expect(error!.message).toMatch(/ACS_CACHE_KEY/);
    expect(error!.message).toMatch(/PORT/);
    expect(error!.problems.length).toBeGreaterThanOrEqual(5);
  });

  it('reads per-bridge cache keys next to the default key, and the card key', () => {
    const own = randomBytes(32).toString('base64');
    const config = loadConfig({ ...valid, ACS_CACHE_KEYS: `bridge-2:b2k1:${own}` });
    expect(config.cacheKeys.get('bridge-2')).toEqual({ id: 'b2k1', key: Buffer.from(own, 'base64') });
    expect(config.cacheKeys.has('bridge-1')).toBe(false);
    expect(config.cardKey).toHaveLength(32);
    expect(config.cacheSigning.keyFile).toBe(join('.data', 'cache-signing.key'));
    expect(() => loadConfig({ ...valid, ACS_CACHE_KEYS: 'bridge-2:b2k1:short' })).toThrow(/ACS_CACHE_KEYS.*entry 1 \(bridge-2\)/);
    expect(() => loadConfig({ ...valid, ACS_CACHE_KEYS_FILE: '/nonexistent/keys' })).toThrow(/cannot be read/);
    const { ACS_CARD_KEY: _omitted, ...noCardKey } = valid;
    expect(() => loadConfig(noCardKey)).toThrow(/ACS_CARD_KEY/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ ...valid, PORT: '', MQTT_BASE_TOPIC: '' })).toMatchObject({ http: { port: 3000 }, mqtt: { baseTopic: 'acs/v1' } });
  });
});
