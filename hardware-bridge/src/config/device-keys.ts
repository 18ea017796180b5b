import { readFileSync, statSync } from 'node:fs';
import { SCBK_DEFAULT } from '#osdp';
import { parse } from 'yaml';
import type { SiteConfig } from './site-config.schema.js';
import { ConfigError } from './validate-config.js';

/** Where the OSDP keys come from: a secrets file and/or `BRIDGE_SCBK_<DEVICE_ID>` variables. */
export interface KeySources {
  /** `BRIDGE_SECRETS_FILE`: JSON or YAML `{ scbk: { <deviceId>: <32 hex digits> } }`. */
  secretsFile?: string;
  /** Only the `BRIDGE_SCBK_*` variables. */
  env: Readonly<Record<string, string>>;
}

export const SCBK_ENV_PREFIX = 'BRIDGE_SCBK_';

/** `reader-a1-in` → `BRIDGE_SCBK_READER_A1_IN`. */
export const scbkEnvName = (deviceId: string): string => `${SCBK_ENV_PREFIX}${deviceId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

const HEX_KEY = /^[0-9a-fA-F]{32}$/;

/**
 * The SCBK of every device that uses the Secure Channel, from the secrets file or the environment (the
 * environment wins). Keys never come from the wiring file in git, and no error message contains key
 * material: problems name the device and the source only.
 */
export function loadDeviceKeys(site: Readonly<SiteConfig>, sources: KeySources, notes: string[] = []): ReadonlyMap<string, Buffer> {
  const problems: string[] = [];
  const fromFile = sources.secretsFile ? readSecretsFile(sources.secretsFile, problems, notes) : {};
  const keys = new Map<string, Buffer>();
  const envNames = new Map<string, string>();
  for (const device of site.devices) {
    const envName = scbkEnvName(device.id);
    const clash = envNames.get(envName);
    if (clash) problems.push(`devices ${clash} and ${device.id} would both read ${envName}; rename one`);
    envNames.set(envName, device.id);
    if (!device.secureChannel) continue;
    const [value, source] =
      sources.env[envName] !== undefined ? [sources.env[envName], envName] : [fromFile[device.id], `${sources.secretsFile} scbk.${device.id}`];
    if (value === undefined) {
      problems.push(`${device.id}: no SCBK (secureChannel is on): set ${envName} or scbk.${device.id} in BRIDGE_SECRETS_FILE`);
      continue;
    }
    if (typeof value !== 'string' || !HEX_KEY.test(value)) {
      problems.push(`${device.id}: the SCBK in ${source} must be 32 hex digits (16 bytes)`);
      continue;
    }
    const key = Buffer.from(value, 'hex');
    if (key.equals(SCBK_DEFAULT)) {
      problems.push(`${device.id}: the SCBK in ${source} is the public install key SCBK-D; give the device its own key (installMode: true installs it)`);
      continue;
    }
    keys.set(device.id, key);
  }
  if (problems.length > 0) throw new ConfigError('OSDP keys', problems);
  return keys;
}

function readSecretsFile(path: string, problems: string[], notes: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
    if ((statSync(path).mode & 0o077) !== 0) notes.push(`${path} can be read by other users: chmod 600 it`);
  } catch (error) {
    problems.push(`BRIDGE_SECRETS_FILE ${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return {};
  }
  let plain: unknown;
  try {
    plain = parse(text);
  } catch {
    // The parser's message may quote the offending line, i.e. a key: say only where.
    problems.push(`BRIDGE_SECRETS_FILE ${path}: not valid JSON or YAML`);
    return {};
  }
  const scbk = (plain as { scbk?: unknown } | null)?.scbk;
  if (typeof scbk !== 'object' || scbk === null || Array.isArray(scbk)) {
    problems.push(`BRIDGE_SECRETS_FILE ${path}: expected a mapping { scbk: { <deviceId>: <hex key> } }`);
    return {};
  }
  return scbk as Record<string, unknown>;
}
