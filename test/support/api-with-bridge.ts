import type { NestExpressApplication } from '@nestjs/platform-express';
import { PassThrough } from 'node:stream';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { CacheSigner } from '../../apps/api/src/modules/credential-cache/cache-signer.js';
import type { RuntimeInfo } from '../../apps/cli/src/infra/runtime-file.js';
import { ApiClient } from './api-client.js';
import { startOnlineDemoBridge, type BridgeProcess } from './bridge-process.js';
import { login } from './http.js';
import { testApiConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface ApiWithBridge {
  db: TestDatabase;
  config: AppConfig;
  app: NestExpressApplication;
  /** Logged in as the bootstrap admin; remembers every response body. */
  api: ApiClient;
  bridge: BridgeProcess;
  /** What `npm run sim` needs to reach the bridge. */
  runtime: RuntimeInfo;
  /** Everything the api logged so far (debug level). */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * The api on a fresh database (debug logs captured) and the compiled bridge in simulate mode against the same
 * broker, with the api's signing key; resolves once the bridge is online and holds a credential cache
 * (startOnlineDemoBridge).
 */
export async function startApiWithBridge(bridgeEnv: Record<string, string> = {}): Promise<ApiWithBridge> {
  const db = await createTestDatabase();
  const config = testApiConfig(db.url, { LOG_LEVEL: 'debug' });
  let logs = '';
  const logStream = new PassThrough();
  logStream.on('data', (c: Buffer) => (logs += c.toString()));
  const app = await createApp(config, { logStream });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const api = new ApiClient(baseUrl, await login(baseUrl, 'admin', 'test-admin-password'));
  const started = await startOnlineDemoBridge(config, baseUrl, { BRIDGE_API_PUBLIC_KEY: app.get(CacheSigner).publicKey, ...bridgeEnv }).catch(async (err: unknown) => {
    await app.close();
    await db.drop();
    throw err;
  });
  const { bridge, runtime } = started;
  const stop = async () => {
    await bridge.stop();
    await app.close();
    await db.drop();
  };
  return { db, config, app, api, bridge, runtime, logs: () => logs, stop };
}
