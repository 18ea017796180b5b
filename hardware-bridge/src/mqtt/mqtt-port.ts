/** What components need from MQTT; `MqttConnection` implements it, tests use a fake. */
export interface PublishOptions {
  qos: 0 | 1;
  retain?: boolean;
}

export interface MqttPort {
  readonly connected: boolean;
  /**
   * Rejects at once when not connected: a decision request or command result must not sit in a client-side
   * queue and leave minutes later. Durable delivery is the outbox's job, not the client's.
   */
  publish(topic: string, payload: object, options: PublishOptions): Promise<void>;
  /** Called with `true` after each (re)connect is fully set up, `false` on each loss. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}
