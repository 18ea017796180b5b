import { cacheSigningKeyFromSeed } from '#contracts';
import { DEMO_BRIDGE_ID } from '#demo-site';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startEmbeddedBroker, type EmbeddedBroker } from '../infra/embedded-broker.js';
import { compiled, projectRoot } from '../infra/paths.js';
import { assertPortFree } from '../infra/port-check.js';
import { removeRuntimeInfo, writeRuntimeInfo } from '../infra/runtime-file.js';
import { loadOrCreateAdminPassword, loadOrCreateSecrets } from '../infra/secrets.js';
import { printBanner } from './banner.js';
import { SupervisedChild } from './child-process.js';
import type { StartConfig } from './start-config.js';
import { waitFor } from './wait-for.js';

interface HealthBody {
  status: string;
  bridges: Array<{ bridgeId: string; state: string }>;
}

/**
 * `npm start`: the whole product on one machine — embedded PostgreSQL and MQTT broker unless DATABASE_URL /
 * MQTT_URL are given, the api, and a bridge with simulated readers and a door. Ctrl-C stops everything in
 * order: bridge (relocks the door), api, broker, database.
 */
export class Orchestrator {
  private readonly children: SupervisedChild[] = [];
  private broker?: EmbeddedBroker;
  private shuttingDown?: Promise<void>;

  constructor(private readonly config: StartConfig, private readonly say: (line: string) => void = console.log) {}

  async run(): Promise<void> {
    const c = this.config;
    const root = projectRoot();
    const logDir = join(c.dataDir, 'logs');
    await mkdir(logDir, { recursive: true });
    await assertPortFree(c.apiPort, c.host, 'the api', 'PORT');
    if (!c.databaseUrl) await assertPortFree(c.embeddedPgPort, '127.0.0.1', 'the embedded PostgreSQL', 'ACS_EMBEDDED_PG_PORT');
    if (!c.mqttUrl) await assertPortFree(c.embeddedMqttPort, '127.0.0.1', 'the embedded MQTT broker', 'ACS_EMBEDDED_MQTT_PORT');

    const secrets = await loadOrCreateSecrets(c.dataDir);
    const admin = c.adminPassword
      ? { password: c.adminPassword, created: false, file: undefined }
      : await loadOrCreateAdminPassword(c.dataDir);
    const onCrash = (name: string, code: number | null) => {
      this.say(`\n${name} exited unexpectedly (code ${code}); see ${relative(process.cwd(), join(logDir, `${name}.log`))}. Stopping.`);
      process.exitCode = 1;
      void this.shutdown();
    };
    const spawn = (name: string, script: string, env: NodeJS.ProcessEnv, args: string[] = []) => {
      const child = new SupervisedChild({ name, script, args, env, logFile: join(logDir, `${name}.log`), echo: c.verbose }, onCrash);
      this.children.push(child);
      return child;
    };

    let databaseUrl = c.databaseUrl;
    if (!databaseUrl) {
      this.say(`starting the embedded PostgreSQL on 127.0.0.1:${c.embeddedPgPort} …`);
      const pg = spawn('postgres', compiled(root, 'apps/cli/src/main.js'), { ...process.env }, [
        'embedded-postgres', '--dir', join(c.dataDir, 'postgres'), '--port', String(c.embeddedPgPort),
      ]);
      const ready = await pg.waitForMessage((m): m is { type: 'ready'; url: string } => (m as { type?: string })?.type === 'ready', 120_000);
      databaseUrl = ready.url;
    }
    let mqttUrl = c.mqttUrl;
    if (!mqttUrl) {
      this.broker = await startEmbeddedBroker(c.embeddedMqttPort);
      mqttUrl = this.broker.url;
    }

    const apiUrl = `http://${c.host === '0.0.0.0' ? '127.0.0.1' : c.host}:${c.apiPort}`;
    const common = { ...process.env, MQTT_URL: mqttUrl, MQTT_BASE_TOPIC: c.baseTopic, LOG_LEVEL: c.logLevel, ACS_CACHE_KEY: c.cacheKey ?? secrets.cacheKey };
    // The api signs credential caches; the bridge accepts only caches that verify with the matching public key.
    const cacheSigningSeed = c.cacheSigningKey ?? secrets.cacheSigningKey;
    const apiPublicKey = cacheSigningKeyFromSeed(Buffer.from(cacheSigningSeed, 'base64')).publicKeyBase64;
    this.say('starting the api …');
    spawn('api', compiled(root, 'apps/api/src/main.js'), {
      ...common,
      DATABASE_URL: databaseUrl,
      PORT: String(c.apiPort),
      HOST: c.host,
      ACS_DATA_DIR: c.dataDir,
      ACS_ADMIN_PASSWORD: admin.password,
      ACS_TEMPLATE_KEY: c.templateKey ?? secrets.templateKey,
      ACS_CARD_KEY: c.cardKey ?? secrets.cardKey,
      ACS_CACHE_SIGNING_KEY: cacheSigningSeed,
      ACS_DEMO_SEED: String(c.demoSeed),
      // The embedded PostgreSQL's owner is a superuser: the api migrates as it, then runs as the restricted role.
      ...(c.databaseUrl ? {} : { ACS_DB_ROLE: 'acs_app' }),
    });
    await waitFor('the api to report healthy', () => this.health(apiUrl, (h) => h.status === 'ok'), 120_000);

    if (c.startBridge) {
      this.say('starting the bridge with simulated readers and door …');
      spawn('bridge', compiled(root, 'hardware-bridge/src/main.js'), {
        ...common,
        BRIDGE_CONFIG: join(root, 'hardware-bridge/config/simulate.yaml'),
        BRIDGE_DATA_DIR: join(c.dataDir, 'bridge'),
        BRIDGE_API_PUBLIC_KEY: apiPublicKey,
      }, ['--simulate']);
      await waitFor(
        'the bridge to come online',
        () => this.health(apiUrl, (h) => h.bridges.some((b) => b.bridgeId === DEMO_BRIDGE_ID && b.state === 'online')),
        60_000,
      );
    }

    await writeRuntimeInfo(c.dataDir, { pid: process.pid, startedAt: new Date().toISOString(), apiUrl, mqttUrl, baseTopic: c.baseTopic, bridgeId: DEMO_BRIDGE_ID, databaseUrl });
    printBanner(this.say, { config: c, apiUrl, mqttUrl, databaseUrl, embeddedDb: !c.databaseUrl, embeddedBroker: !c.mqttUrl, admin });
  }

  /** Stops children in reverse start order (bridge first: it relocks the door), then the broker. */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      for (const child of [...this.children].reverse()) await child.stop();
      await this.broker?.close();
      await removeRuntimeInfo(this.config.dataDir);
    })();
    return this.shuttingDown;
  }

  private async health(apiUrl: string, ok: (h: HealthBody) => boolean): Promise<true | undefined> {
    const res = await fetch(`${apiUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as HealthBody;
    return ok(body) ? true : undefined;
  }
}
