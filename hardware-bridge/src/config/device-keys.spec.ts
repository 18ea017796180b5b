import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDeviceKeys, scbkEnvName } from './device-keys.js';
import { parseSiteConfig } from './load-site-config.js';
import { ConfigError } from './validate-config.js';

const SITE = parseSiteConfig(`
configVersion: 2
bridgeId: b1
buses: [{ id: bus-1, device: /dev/ttyUSB0 }]
devices:
  - { id: reader-a1-in, role: reader, bus: bus-1, address: 0 }
  - { id: io-a1, role: io, bus: bus-1, address: 1 }
  - { id: old-reader, role: reader, bus: bus-1, address: 2, secureChannel: false }
doors:
  - { id: d1, entryReader: reader-a1-in, exitReader: old-reader, io: { module: io-a1, strikeOutput: 0, contactInput: 0 } }
`);
const KEY_A = '00112233445566778899aabbccddeeff';
const KEY_B = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf';

describe(loadDeviceKeys.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const secrets = (content: string, mode = 0o600): string => {
    const path = join(dir, 'secrets.yaml');
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  };
  const problemsOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('should name the env variable after the device id', () => {
    expect(scbkEnvName('reader-a1-in')).toBe('BRIDGE_SCBK_READER_A1_IN');
    expect(scbkEnvName('io.a1')).toBe('BRIDGE_SCBK_IO_A1');
  });

  it('should read keys from a JSON or YAML secrets file, and let the environment win', () => {
    const yaml = secrets(`scbk:\n  reader-a1-in: ${KEY_A}\n  io-a1: ${KEY_B}\n  another-bridges-reader: ${KEY_A}\n`);
    const keys = loadDeviceKeys(SITE, { secretsFile: yaml, env: { BRIDGE_SCBK_IO_A1: KEY_A } });
    expect(keys.get('reader-a1-in')?.toString('hex')).toBe(KEY_A);
    expect(keys.get('io-a1')?.toString('hex')).toBe(KEY_A);
    expect(keys.has('old-reader')).toBe(false); // plaintext by config: no key needed
    const json = secrets(JSON.stringify({ scbk: { 'reader-a1-in': KEY_B, 'io-a1': KEY_B.toUpperCase() } }));
    expect(loadDeviceKeys(SITE, { secretsFile: json, env: {} }).get('io-a1')?.toString('hex')).toBe(KEY_B);
  });

  it('should list every device without a usable key, and never echo key material', () => {
    const bad = 'deadbeef';
    const message = problemsOf(() =>
      loadDeviceKeys(SITE, { env: { BRIDGE_SCBK_READER_A1_IN: bad } }),
    );
    expect(message).toMatch(/reader-a1-in: the SCBK in BRIDGE_SCBK_READER_A1_IN must be 32 hex digits/);
    expect(message).toMatch(/io-a1: no SCBK .*BRIDGE_SCBK_IO_A1/);
    expect(message).not.toContain(bad);
  });

  it('should refuse the public install key SCBK-D as a device key', () => {
    const message = problemsOf(() => loadDeviceKeys(SITE, { env: { BRIDGE_SCBK_READER_A1_IN: '303132333435363738393a3b3c3d3e3f', BRIDGE_SCBK_IO_A1: KEY_A } }));
    expect(message).toMatch(/reader-a1-in: .*public install key SCBK-D/);
    expect(message).not.toContain('303132');
  });

  it('should not quote a broken secrets file, and warn when others can read it', () => {
    const broken = secrets(`scbk:\n  reader-a1-in: ${KEY_A}\n  io-a1: [${KEY_B}\n`);
    const message = problemsOf(() => loadDeviceKeys(SITE, { secretsFile: broken, env: {} }));
    expect(message).toMatch(/not valid JSON or YAML/);
    expect(message).not.toContain(KEY_A);
    expect(message).not.toContain(KEY_B);
    const notes: string[] = [];
    loadDeviceKeys(SITE, { secretsFile: secrets(`scbk: { reader-a1-in: ${KEY_A}, io-a1: ${KEY_B} }`, 0o644), env: {} }, notes);
    expect(notes).toEqual([expect.stringMatching(/can be read by other users: chmod 600/)]);
    expect(problemsOf(() => loadDeviceKeys(SITE, { secretsFile: join(dir, 'missing.json'), env: { BRIDGE_SCBK_READER_A1_IN: KEY_A, BRIDGE_SCBK_IO_A1: KEY_B } }))).toMatch(/cannot read file \(ENOENT\)/);
  });
});
