import type { EventAck } from '#contracts';
import { captureLogger } from '../testing/test-logger.js';
import { InboundDispatcher } from './inbound-dispatcher.js';

const ACKS = 'acs/v1/bridges/bridge-1/events/ack';
const ID = '01960000-0000-7000-8000-000000000001';

describe(InboundDispatcher.name, () => {
  const setup = () => {
    const { logger, lines } = captureLogger();
    const sut = new InboundDispatcher('acs/v1', 'bridge-1', logger);
    const acks: EventAck[] = [];
    sut.handle('bridge-event-acks', (ack) => void acks.push(ack));
    return { sut, acks, lines };
  };

  it('should subscribe to the topics of its handlers', () => {
    const { sut } = setup();
    sut.handle('decision-replies', () => undefined);
    expect(sut.subscriptions()).toEqual([ACKS, 'acs/v1/bridges/bridge-1/decisions/reply']);
  });

  it('should decode and deliver a valid payload', () => {
    const { sut, acks } = setup();
    sut.dispatch(ACKS, Buffer.from(JSON.stringify({ ids: [ID] })));
    expect(acks).toEqual([{ ids: [ID] }]);
    expect(sut.stats().received).toEqual({ 'bridge-event-acks': 1 });
  });

  it('should count, log without the body, and drop an invalid payload', () => {
    const { sut, acks, lines } = setup();
    sut.dispatch(ACKS, Buffer.from('{"ids":["secret-not-a-uuid"]}'));
    sut.dispatch(ACKS, Buffer.from('not json'));
    sut.dispatch(ACKS, Buffer.alloc(0));
    expect(acks).toEqual([]);
    expect(sut.stats().invalid).toEqual({ 'bridge-event-acks': 3 });
    expect(lines.join('')).toContain('invalid inbound payload dropped');
    expect(lines.join('')).not.toContain('secret-not-a-uuid');
  });

  it('should drop messages for another bridge or an unknown topic', () => {
    const { sut, acks } = setup();
    sut.dispatch('acs/v1/bridges/bridge-2/events/ack', Buffer.from(JSON.stringify({ ids: [ID] })));
    sut.dispatch('elsewhere/x', Buffer.from('{}'));
    expect(acks).toEqual([]);
    expect(sut.stats().unexpected).toBe(2);
  });

  it('should survive a throwing or rejecting handler', async () => {
    const { sut } = setup();
    sut.handle('bridge-event-acks', () => {
      throw new Error('boom');
    });
    sut.handle('decision-replies', async () => Promise.reject(new Error('later boom')));
    expect(() => sut.dispatch(ACKS, Buffer.from(JSON.stringify({ ids: [] })))).not.toThrow();
    sut.dispatch(
      'acs/v1/bridges/bridge-1/decisions/reply',
      Buffer.from(JSON.stringify({
        correlationId: ID, attemptId: ID, decisionId: ID, outcome: 'deny', reason: 'X_Y',
        display: { ja: 'a', en: 'b' }, decidedAt: '2026-04-01T00:00:00.000Z',
      })),
    );
    await new Promise((r) => setImmediate(r));
    expect(sut.stats().handlerErrors).toBe(2);
  });
});
