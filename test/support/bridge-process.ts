import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_BRIDGE_ID } from '#demo-site';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { eventually, getJson } from './http.js';

const BRIDGE_MAIN = resolve('dist/hardware-bridge/src/main.js');
export const SIMULATE_CONFIG = resolve('hardware-bridge/config/simulate.yaml');

export interface BridgeProcess {
  child: ChildProcess;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** The compiled bridge in simulate mode, as `npm start` runs it. */
export function startBridgeProcess(env: Record<string, string>, dataDir = mkdtempSync(join(tmpdir(), 'acs-bridge-'))): BridgeProcess {
  if (!existsSync(BRIDGE_MAIN)) throw new Error(`${BRIDGE_MAIN} is missing: run npm run build`);
  const child = spawn(process.execPath, [BRIDGE_MAIN, '--simulate'], {
    env: { PATH: process.env.PATH ?? '', BRIDGE_CONFIG: SIMULATE_CONFIG, BRIDGE_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return {
    child,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The demo bridge (simulate mode, the api's default cache key) for an api under test, once the api reports it
 * online and holding a credential cache; `runtime` is what `sim` needs to find them both.
 */
export async function startOnlineDemoBridge(config: AppConfig, apiUrl: string, env: Record<string, string> = {}): Promise<{ bridge: BridgeProcess; runtime: RuntimeInfo }> {
  const bridge = startBridgeProcess({
    MQTT_URL: config.mqtt.url,
    MQTT_BASE_TOPIC: config.mqtt.baseTopic,
    ACS_CACHE_KEY: config.cacheKey.key.toString('base64'),
    ACS_CACHE_KEY_ID: config.cacheKey.id,
    ...env,
  });
  const runtime = { pid: process.pid, startedAt: '', apiUrl, mqttUrl: config.mqtt.url, baseTopic: config.mqtt.baseTopic, bridgeId: DEMO_BRIDGE_ID };
  await eventually(async () => {
    const { body } = await getJson<{ bridges: Array<{ bridgeId: string; state: string; cacheVersion?: number }> }>(apiUrl, '/api/v1/health');
    return body.bridges.some((b) => b.bridgeId === DEMO_BRIDGE_ID && b.state === 'online' && (b.cacheVersion ?? 0) > 0) || undefined;
  }, 20_000).catch(async (err: Error) => {
    const output = bridge.output();
    await bridge.stop();
    throw new Error(`bridge did not come online: ${err.message}\n${output}`);
  });
  return { bridge, runtime };
}
