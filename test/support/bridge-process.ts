import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
