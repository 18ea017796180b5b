import type { BridgeEvent, EventAck } from '#contracts';
import type { Clock, TimerHandle } from '../clock/clock.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';
import type { Outbox } from './outbox.js';

export interface OutboxPublisherOptions {
  /** Unacked events are sent again after this long (the api may have missed them). */
  ackTimeoutMs: number;
  /** Most events on the wire awaiting an ack at once. */
  window: number;
}

export const DEFAULT_OUTBOX_PUBLISHER_OPTIONS: OutboxPublisherOptions = { ackTimeoutMs: 5_000, window: 200 };

/**
 * Sends pending outbox events in seq order (QoS 1) whenever connected, and deletes them only on the api's
 * `EventAck`: a broker PUBACK proves nothing about the access log. Duplicates are fine (ids are idempotent
 * at the api); loss is not.
 */
export class OutboxPublisher {
  /** Highest seq put on the wire since the last (re)start of sending. */
  private cursor = 0;
  private readonly inFlight = new Map<string, number>();
  private ackTimer: TimerHandle | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private started = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly mqtt: MqttPort,
    private readonly topic: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: OutboxPublisherOptions = DEFAULT_OUTBOX_PUBLISHER_OPTIONS,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe.push(
      this.mqtt.onConnectionChange((connected) => (connected ? this.restart() : this.pause())),
      this.outbox.on('appended', () => this.pump()),
    );
    if (this.mqtt.connected) this.restart();
  }

  stop(): void {
    this.started = false;
    this.unsubscribe.splice(0).forEach((off) => off());
    this.pause();
  }

  handleAck(ack: EventAck): void {
    const removed = this.outbox.acknowledge(ack.ids);
    for (const id of ack.ids) this.inFlight.delete(id);
    this.logger.debug({ acked: ack.ids.length, removed, depth: this.outbox.depth() }, 'outbox events acknowledged');
    this.pump();
  }

  /** Everything unacked goes out again, oldest first (after a reconnect or an ack timeout). */
  private restart(): void {
    this.cursor = 0;
    this.inFlight.clear();
    this.pump();
  }

  private pause(): void {
    this.clock.clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.inFlight.clear();
    this.cursor = 0;
  }

  private pump(): void {
    if (!this.started || !this.mqtt.connected) return;
    const room = this.options.window - this.inFlight.size;
    if (room <= 0) return;
    for (const event of this.outbox.pending(this.cursor, room)) this.send(event);
    this.armAckTimer();
  }

  private send(event: BridgeEvent): void {
    this.cursor = event.seq;
    this.inFlight.set(event.id, this.clock.nowMs());
    this.mqtt.publish(this.topic, event, { qos: 1 }).catch((error: unknown) => {
      // Left in the outbox; the next reconnect or ack timeout sends it again.
      this.logger.warn({ eventId: event.id, seq: event.seq, err: errorMessage(error) }, 'outbox publish failed');
    });
  }

  private armAckTimer(delayMs = this.options.ackTimeoutMs): void {
    if (this.ackTimer !== undefined || this.inFlight.size === 0) return;
    this.ackTimer = this.clock.setTimeout(() => this.checkAcks(), Math.max(1, delayMs));
  }

  private checkAcks(): void {
    this.ackTimer = undefined;
    if (this.inFlight.size === 0) return;
    const age = this.clock.nowMs() - Math.min(...this.inFlight.values());
    if (age >= this.options.ackTimeoutMs) {
      this.logger.warn({ unacked: this.inFlight.size }, 'outbox events not acknowledged in time; resending');
      this.restart();
    } else {
      this.armAckTimer(this.options.ackTimeoutMs - age);
    }
  }
}
