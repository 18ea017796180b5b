import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config.js';

const valid = {
  DATABASE_URL: 'postgres://u@localhost/acs',
  MQTT_URL: 'mqtt://localhost:1883',
  ACS_TEMPLATE_KEY: randomBytes(32).toString('base64'),
  ACS_CACHE_KEY: randomBytes(32).toString('base64'),
};

describe(loadConfig.name, () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ http: { port: 3000, host: '127.0.0.1' }, mqtt: { baseTopic: 'acs/v1' }, demoSeed: false, unlockMs: 5000 });
    expect(config.templateKey.key).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
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

  it('treats empty strings as unset', () => {
    expect(loadConfig({ ...valid, PORT: '', MQTT_BASE_TOPIC: '' })).toMatchObject({ http: { port: 3000 }, mqtt: { baseTopic: 'acs/v1' } });
  });
});
