import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedBroker, type EmbeddedBroker } from '../apps/cli/src/infra/embedded-broker.js';
import { freePort } from '../apps/cli/src/infra/port-check.js';

export interface BenchServices {
  databaseUrl: string;
  mqttUrl: string;
  embedded: { database: boolean; broker: boolean };
  stop(): Promise<void>;
}

/** DATABASE_URL / MQTT_URL when set, else the embedded PostgreSQL (own process) and Aedes — as tests do. */
export async function benchServices(): Promise<BenchServices> {
  let pg: ChildProcess | undefined;
  let broker: EmbeddedBroker | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dir = join(mkdtempSync(join(tmpdir(), 'acs-bench-pg-')), 'data');
    pg = spawn(process.execPath, [resolve('dist/apps/cli/src/main.js'), 'embedded-postgres', '--dir', dir, '--port', String(await freePort())], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const child = pg;
    databaseUrl = await new Promise<string>((res, rej) => {
      child.on('message', (m: { type?: string; url?: string }) => m.type === 'ready' && m.url && res(m.url));
      child.once('exit', (code) => rej(new Error(`embedded PostgreSQL exited with ${code}`)));
    });
  }
  let mqttUrl = process.env.MQTT_URL;
  if (!mqttUrl) {
    broker = await startEmbeddedBroker(await freePort());
    mqttUrl = broker.url;
  }
  return {
    databaseUrl,
    mqttUrl,
    embedded: { database: !!pg, broker: !!broker },
    stop: async () => {
      await broker?.close();
      if (pg && pg.exitCode === null) {
        const exited = new Promise((r) => pg!.once('exit', r));
        pg.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
