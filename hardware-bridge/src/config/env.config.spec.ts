import { loadEnvConfig } from './env.config.js';
import { ConfigError } from './validate-config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe(loadEnvConfig.name, () => {
  it('should apply the defaults and freeze the result', () => {
    const env = loadEnvConfig({ MQTT_URL: 'mqtt://127.0.0.1:1883', ACS_CACHE_KEY: KEY }, []);
    expect(env).toMatchObject({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      baseTopic: 'acs/v1',
      siteConfigPath: 'hardware-bridge/config/simulate.yaml',
      dataDir: '.data/bridge',
      decisionTimeoutMs: 1_000,
      logLevel: 'info',
      simulate: false,
    });
    expect(env.cacheKey.id).toBe('k1');
    expect(env.cacheKey.key.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('should read the api public key that caches must be signed with, and refuse a malformed one', () => {
    const base = { MQTT_URL: 'mqtt://h:1', ACS_CACHE_KEY: KEY };
    expect(loadEnvConfig(base, []).apiPublicKey).toBeUndefined();
    expect(loadEnvConfig({ ...base, BRIDGE_API_PUBLIC_KEY: KEY }, []).apiPublicKey?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(() => loadEnvConfig({ ...base, BRIDGE_API_PUBLIC_KEY: 'c2hvcnQ=' }, [])).toThrow(/BRIDGE_API_PUBLIC_KEY/);
  });

  it('should select simulated devices with --simulate or BRIDGE_SIMULATE=true', () => {
    const base = { MQTT_URL: 'mqtt://h:1', ACS_CACHE_KEY: KEY };
    expect(loadEnvConfig(base, ['--simulate']).simulate).toBe(true);
    expect(loadEnvConfig({ ...base, BRIDGE_SIMULATE: 'true' }, []).simulate).toBe(true);
  });

  it('should list every bad variable in one error, without echoing the key', () => {
    let error: unknown;
    try {
      loadEnvConfig(
        { ACS_CACHE_KEY: 'c2hvcnQ=', MQTT_BASE_TOPIC: 'acs/#', BRIDGE_DECISION_TIMEOUT_MS: 'soon', LOG_LEVEL: 'loud', PATH: '/bin' },
        [],
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['MQTT_URL', 'ACS_CACHE_KEY', 'MQTT_BASE_TOPIC', 'BRIDGE_DECISION_TIMEOUT_MS', 'LOG_LEVEL']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('PATH');
    expect(message).not.toContain('c2hvcnQ=');
  });

  it('should pass the secrets file and the BRIDGE_SCBK_* variables on to the key loader', () => {
    const env = loadEnvConfig({ MQTT_URL: 'mqtt://h:1', ACS_CACHE_KEY: KEY, BRIDGE_SECRETS_FILE: '/etc/acs/keys.yaml', BRIDGE_SCBK_READER_1: 'x', OTHER: 'y' }, []);
    expect(env.secretsFile).toBe('/etc/acs/keys.yaml');
    expect(env.scbkVariables).toEqual({ BRIDGE_SCBK_READER_1: 'x' });
  });

  it('should reject unknown command-line options', () => {
    expect(() => loadEnvConfig({ MQTT_URL: 'mqtt://h:1', ACS_CACHE_KEY: KEY }, ['--simulat'])).toThrow(/--simulat/);
  });
});
