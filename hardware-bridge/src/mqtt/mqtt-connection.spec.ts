import { FakeClock } from '../testing/fake-clock.js';
import { silentLogger } from '../testing/test-logger.js';
import { bridgeTopics } from './bridge-topics.js';
import { InboundDispatcher } from './inbound-dispatcher.js';
import { MqttConnection } from './mqtt-connection.js';

describe(MqttConnection.name, () => {
  const sut = () =>
    new MqttConnection({
      url: 'mqtt://127.0.0.1:1', bridgeId: 'bridge-1', topics: bridgeTopics('acs/v1', 'bridge-1'), version: 'test',
      startedAt: '2026-04-01T00:00:00.000Z', state: () => ({ cacheVersion: 0, outboxDepth: 0 }),
      dispatcher: new InboundDispatcher('acs/v1', 'bridge-1', silentLogger()), clock: new FakeClock(), logger: silentLogger(),
    });

  it('should refuse to publish to a wildcard topic', async () => {
    await expect(sut().publish('acs/v1/bridges/+/events', {}, { qos: 1 })).rejects.toThrow(/wildcard/);
    await expect(sut().publish('acs/v1/#', {}, { qos: 1 })).rejects.toThrow(/wildcard/);
  });

  it('should refuse to publish before it is connected (no client-side queueing of stale messages)', async () => {
    const connection = sut();
    expect(connection.connected).toBe(false);
    await expect(connection.publish('acs/v1/bridges/bridge-1/decisions', {}, { qos: 1 })).rejects.toThrow(/not connected/);
  });
});
