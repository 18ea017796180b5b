import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { assertPublishable, encodePayload, type BridgeStatus, type CredentialCacheRequest } from '#contracts';
import { isoNow, type Clock } from '../clock/clock.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { BridgeTopics } from './bridge-topics.js';
import type { InboundDispatcher, InboundStats } from './inbound-dispatcher.js';
import type { MqttPort, PublishOptions } from './mqtt-port.js';

export interface MqttConnectionOptions {
  url: string;
  bridgeId: string;
  topics: BridgeTopics;
  version: string;
  startedAt: string;
  /** Read at each status publish and cache request. */
  state: () => { cacheVersion: number; outboxDepth: number };
  dispatcher: InboundDispatcher;
  clock: Clock;
  logger: Logger;
  reconnectPeriodMs?: number;
}

export interface MqttConnectionStats extends InboundStats {
  connects: number;
  connected: boolean;
}

/**
 * The ONLY module that imports `mqtt`. Last Will = retained offline status; on every (re)connect: TCP_NODELAY,
 * subscriptions, retained online status, then a cache request. Only after all that is the link "connected"
 * for the rest of the bridge.
 */
export class MqttConnection implements MqttPort {
  private client: MqttClient | undefined;
  private ready = false;
  private connects = 0;
  private readonly changes = new TypedEmitter<{ change: boolean }>((error) =>
    this.options.logger.error({ err: errorMessage(error) }, 'connection listener failed'),
  );

  constructor(private readonly options: MqttConnectionOptions) {}

  get connected(): boolean {
    return this.ready;
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.changes.on('change', listener);
  }

  start(): void {
    if (this.client) return;
    const { topics, bridgeId } = this.options;
    const offline: BridgeStatus = { state: 'offline', bridgeId };
    const clientOptions: IClientOptions = {
      // Unique per process: two processes with one id would knock each other off the broker forever.
      clientId: `acs-bridge-${bridgeId}-${randomBytes(4).toString('hex')}`,
      clean: true,
      resubscribe: false, // we subscribe ourselves on each connect
      queueQoSZero: false,
      reconnectPeriod: this.options.reconnectPeriodMs ?? 1_000,
      connectTimeout: 5_000,
      will: { topic: topics.status, payload: encodePayload(offline), qos: 1, retain: true },
    };
    const client = connect(this.options.url, clientOptions);
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('close', () => this.onClose());
    client.on('error', (error) => this.options.logger.warn({ err: errorMessage(error) }, 'mqtt error'));
    client.on('message', (topic, payload) => this.options.dispatcher.dispatch(topic, payload));
  }

  async publish(topic: string, payload: object, options: PublishOptions): Promise<void> {
    assertPublishable(topic);
    if (!this.ready || !this.client) throw new Error('mqtt not connected');
    await this.client.publishAsync(topic, encodePayload(payload), { qos: options.qos, retain: options.retain ?? false });
  }

  /** Retained online status with the numbers an operator wants at a glance. */
  async publishStatus(): Promise<void> {
    if (!this.client?.connected) return;
    await this.client.publishAsync(this.options.topics.status, encodePayload(this.onlineStatus()), { qos: 1, retain: true });
  }

  stats(): MqttConnectionStats {
    return { ...this.options.dispatcher.stats(), connects: this.connects, connected: this.ready };
  }

  /** Publishes the offline status itself (a clean stop does not fire the Will) and closes. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.setReady(false);
    if (client.connected) {
      const offline: BridgeStatus = { state: 'offline', bridgeId: this.options.bridgeId, bridgeTime: isoNow(this.options.clock) };
      await client
        .publishAsync(this.options.topics.status, encodePayload(offline), { qos: 1, retain: true })
        .catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'offline status not published'));
    }
    await client.endAsync(!client.connected);
  }

  private async onConnect(client: MqttClient): Promise<void> {
    const { logger, topics, dispatcher } = this.options;
    try {
      // Nagle's algorithm would add ~40 ms to every decision round trip (toolchain notes).
      (client.stream as Partial<Socket>).setNoDelay?.(true);
      const granted = await client.subscribeAsync(dispatcher.subscriptions(), { qos: 1 });
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length > 0) logger.error({ refused }, 'broker refused subscriptions (ACL?)');
      await client.publishAsync(topics.status, encodePayload(this.onlineStatus()), { qos: 1, retain: true });
      const request: CredentialCacheRequest = { haveVersion: this.options.state().cacheVersion };
      await client.publishAsync(topics.credentialCacheRequest, encodePayload(request), { qos: 1 });
    } catch (error) {
      // The client reconnects by itself; the next 'connect' runs this again.
      logger.warn({ err: errorMessage(error) }, 'mqtt session setup failed');
      return;
    }
    if (this.client !== client) return; // stopped meanwhile
    this.connects++;
    logger.info({ connects: this.connects }, 'mqtt connected');
    this.setReady(true);
  }

  private onClose(): void {
    if (this.ready) this.options.logger.warn('mqtt connection lost');
    this.setReady(false);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    this.changes.emit('change', ready);
  }

  private onlineStatus(): BridgeStatus {
    const { cacheVersion, outboxDepth } = this.options.state();
    return {
      state: 'online',
      bridgeId: this.options.bridgeId,
      version: this.options.version,
      bridgeTime: isoNow(this.options.clock),
      startedAt: this.options.startedAt,
      cacheVersion,
      outboxDepth,
    };
  }
}
