import type { DecisionReply, DecisionRequest } from '#contracts';
import { FakeClock } from '../testing/fake-clock.js';
import { FakeMqttPort } from '../testing/fake-mqtt-port.js';
import { silentLogger } from '../testing/test-logger.js';
import { MqttDecisionClient } from './decision-client.js';

const TOPIC = 'acs/v1/bridges/bridge-1/decisions';
const id = (n: number) => `01960000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const request = { correlationId: id(1), attemptId: id(2) } as DecisionRequest;
const reply = (overrides: Partial<DecisionReply> = {}): DecisionReply => ({
  correlationId: id(1), attemptId: id(2), decisionId: id(3), outcome: 'grant', reason: 'GRANTED',
  display: { ja: 'a', en: 'b' }, decidedAt: '2026-04-01T00:00:00.000Z', ...overrides,
});

describe(MqttDecisionClient.name, () => {
  const setup = () => {
    const clock = new FakeClock();
    const mqtt = new FakeMqttPort();
    return { clock, mqtt, sut: new MqttDecisionClient(mqtt, TOPIC, clock, silentLogger()) };
  };

  it('should publish the request (QoS 1) and resolve with the reply of the same correlation id', async () => {
    const { mqtt, sut } = setup();
    const pending = sut.request(request, 1_000);
    sut.handleReply(reply({ correlationId: id(9) })); // someone else's
    sut.handleReply(reply({ attemptId: id(8) })); // names another attempt
    sut.handleReply(reply());
    await expect(pending).resolves.toMatchObject({ decisionId: id(3) });
    expect(mqtt.published).toEqual([expect.objectContaining({ topic: TOPIC, options: { qos: 1 } })]);
  });

  it('should give up after the timeout and ignore a late reply', async () => {
    const { clock, sut } = setup();
    const pending = sut.request(request, 1_000);
    await clock.advance(1_000);
    await expect(pending).resolves.toBeUndefined();
    expect(() => sut.handleReply(reply())).not.toThrow();
  });

  it('should not wait when the request cannot be sent, nor after stop', async () => {
    const { mqtt, sut } = setup();
    mqtt.connected = false;
    await expect(sut.request(request, 60_000)).resolves.toBeUndefined();
    mqtt.connected = true;
    const pending = sut.request(request, 60_000);
    sut.stop();
    await expect(pending).resolves.toBeUndefined();
    await expect(sut.request(request, 60_000)).resolves.toBeUndefined();
  });
});
