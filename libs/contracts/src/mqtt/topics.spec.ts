import { assertPublishable, assertTopicSegment, parseTopic, subscriptions, topics } from './topics.js';

const BASE = 'acs/v1';

describe('topics', () => {
  it('builds and parses every bridge topic', () => {
    const cases: Array<[string, string]> = [
      [topics.bridgeStatus(BASE, 'bridge-1'), 'bridge-status'],
      [topics.bridgeEvents(BASE, 'bridge-1'), 'bridge-events'],
      [topics.bridgeEventAcks(BASE, 'bridge-1'), 'bridge-event-acks'],
      [topics.decisionRequests(BASE, 'bridge-1'), 'decision-requests'],
      [topics.decisionReplies(BASE, 'bridge-1'), 'decision-replies'],
      [topics.bridgeCommands(BASE, 'bridge-1'), 'bridge-commands'],
      [topics.bridgeCommandResults(BASE, 'bridge-1'), 'bridge-command-results'],
      [topics.credentialCache(BASE, 'bridge-1'), 'credential-cache'],
      [topics.credentialCacheRequest(BASE, 'bridge-1'), 'credential-cache-request'],
      [topics.simPresent(BASE, 'bridge-1'), 'sim-present'],
      [topics.simPresentResult(BASE, 'bridge-1'), 'sim-present-result'],
      [topics.veinCaptureResults(BASE, 'bridge-1'), 'vein-capture-results'],
      [topics.simPlaceFinger(BASE, 'bridge-1'), 'sim-place-finger'],
      [topics.simPlaceFingerResult(BASE, 'bridge-1'), 'sim-place-finger-result'],
      [topics.simReaderPower(BASE, 'bridge-1'), 'sim-reader-power'],
      [topics.simReaderPowerResult(BASE, 'bridge-1'), 'sim-reader-power-result'],
    ];
    for (const [topic, kind] of cases) {
      expect(parseTopic(BASE, topic)).toEqual({ kind, bridgeId: 'bridge-1' });
    }
    expect(parseTopic(BASE, topics.apiStatus(BASE))).toEqual({ kind: 'api-status' });
  });

  it('returns undefined for foreign topics', () => {
    expect(parseTopic(BASE, 'other/v1/bridges/b/status')).toBeUndefined();
    expect(parseTopic(BASE, `${BASE}/bridges/b/unknown`)).toBeUndefined();
    expect(parseTopic(BASE, `${BASE}/bridges`)).toBeUndefined();
  });

  it.each(['', 'a/b', '+', '#', 'a+b', ' x', 'x'.repeat(65)])('rejects the id %j', (id) => {
    expect(() => assertTopicSegment(id)).toThrow(/Invalid MQTT topic segment/);
  });

  it('refuses to publish to wildcard topics', () => {
    expect(() => assertPublishable(subscriptions.allBridgeEvents(BASE))).toThrow(/wildcard/);
    expect(assertPublishable(topics.bridgeEvents(BASE, 'b1'))).toBe('acs/v1/bridges/b1/events');
  });
});
