import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { assertPublishable, encodePayload, topics } from '#contracts';
import mqtt, { type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MqttStats } from './mqtt-stats.js';

export type MessageHandler = (topic: string, payload: Buffer) => void;

/**
 * The api's one MQTT connection (the only file importing `mqtt`). Announces the api with a retained status
 * and a Last Will, disables Nagle on every (re)connect (it otherwise adds ~40 ms to each door decision), and
 * refuses to publish to wildcard topics.
 */
@Injectable()
export class MqttConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(MqttConnection.name);
  private client?: MqttClient;
  private readonly filters: string[] = [];
  private handler: MessageHandler = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly stats: MqttStats,
  ) {}

  get baseTopic(): string {
    return this.config.mqtt.baseTopic;
  }

  async connect(filters: string[], handler: MessageHandler): Promise<void> {
    this.filters.push(...filters);
    this.handler = handler;
    const statusTopic = topics.apiStatus(this.baseTopic);
    const client = mqtt.connect(this.config.mqtt.url, {
      clientId: `acs-api-${randomBytes(6).toString('hex')}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      will: { topic: statusTopic, payload: encodePayload({ state: 'offline' }), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      (client.stream as Socket).setNoDelay?.(true);
      this.stats.connected = true;
      client.subscribe(this.filters, { qos: 1 }, (err) => {
        if (err) this.logger.error({ err: err.message }, 'MQTT subscribe failed');
      });
      void this.publish(statusTopic, { state: 'online', apiTime: new Date().toISOString() }, { retain: true }).catch(() => undefined);
      this.logger.log({ url: redactUrl(this.config.mqtt.url) }, 'MQTT connected');
    });
    client.on('close', () => {
      if (this.stats.connected && this.client === client) this.logger.warn('MQTT connection closed; reconnecting');
      this.stats.connected = false;
    });
    client.on('error', (err) => {
      this.stats.lastError = err.message;
      this.logger.warn({ err: err.message }, 'MQTT error');
    });
    client.on('message', (topic, payload) => this.handler(topic, payload));
    await new Promise<void>((resolve) => {
      if (client.connected) resolve();
      else client.once('connect', () => resolve());
      // Start anyway after the timeout: health reports the broker down and the client keeps retrying.
      setTimeout(resolve, 10_000).unref();
    });
  }

  async publish(topic: string, payload: object, opts: { retain?: boolean; qos?: 0 | 1 } = {}): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('MQTT not connected');
    await client.publishAsync(assertPublishable(topic), encodePayload(payload), { qos: opts.qos ?? 1, retain: opts.retain ?? false });
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    if (client.connected) {
      await client
        .publishAsync(topics.apiStatus(this.baseTopic), encodePayload({ state: 'offline' }), { qos: 1, retain: true })
        .catch(() => undefined);
    }
    await client.endAsync().catch(() => undefined);
    this.logger.log('MQTT disconnected (shutdown)');
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
