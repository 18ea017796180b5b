import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How `npm run sim` and other commands find the running instance. */
export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  apiUrl: string;
  mqttUrl: string;
  baseTopic: string;
  bridgeId: string;
  /** The database the api uses (for `acs ledger export`); the file is mode 600 since a URL may hold a password. */
  databaseUrl?: string;
}

const FILE = 'runtime.json';

export async function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFile(join(dataDir, FILE), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

export async function removeRuntimeInfo(dataDir: string): Promise<void> {
  await rm(join(dataDir, FILE), { force: true });
}

/** The running instance, or undefined when none is (a stale file of a dead process counts as none). */
export function readRuntimeInfo(dataDir: string): RuntimeInfo | undefined {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
