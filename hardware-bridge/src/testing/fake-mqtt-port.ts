import type { MqttPort, PublishOptions } from '../mqtt/mqtt-port.js';

export interface Published {
  topic: string;
  payload: Record<string, unknown>;
  options: PublishOptions;
}

/** In-memory MqttPort: records publishes; the test flips the connection. */
export class FakeMqttPort implements MqttPort {
  readonly published: Published[] = [];
  connected = true;
  failPublishes = false;
  private readonly listeners = new Set<(connected: boolean) => void>();

  async publish(topic: string, payload: object, options: PublishOptions): Promise<void> {
    if (!this.connected || this.failPublishes) throw new Error('not connected');
    // Round-trip through JSON like the wire does.
    this.published.push({ topic, payload: JSON.parse(JSON.stringify(payload)), options });
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const l of [...this.listeners]) l(connected);
  }

  on(topic: string): Array<Record<string, unknown>> {
    return this.published.filter((p) => p.topic === topic).map((p) => p.payload);
  }
}
