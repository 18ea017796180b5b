import { syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { validateEmittedEvent } from '../testing/event-validation.js';
import { waitFor } from '../testing/fake-clock.js';
import { cardHash, cardReference } from '#contracts';
import { ALICE, ALICE_CARD, BLOCKED, TEST_CARD_KEY, UNENROLLED, sequenceFixture } from '../testing/sequence-fixture.js';
import { captureLogger } from '../testing/test-logger.js';
import { DoorSequence } from './door-sequence.js';

type Fixture = Awaited<ReturnType<typeof sequenceFixture>>;

const finger = (personNo: string, position: string) => syntheticVeinSample(syntheticVeinPattern(personNo, position));

describe(DoorSequence.name, () => {
  let f: Fixture;
  afterEach(async () => f.close());

  const present = async (keys: string[], sample?: Buffer) => {
    if (sample) f.reader.placeFinger(sample);
    for (const k of keys) f.reader.pressKeys(k);
    await waitFor(() => f.decisions.requests.length > 0, 'a decision request');
  };
  const types = () => f.outbox.pending().map((e) => e.type);

  it('should grant and emit unlocked, opened, closed, relocked in order, all for the attempt', async () => {
    f = await sequenceFixture();
    f.decisions.answer = () => ({ unlockMs: 60_000 });
    await present(['70001#', ALICE.pin + '#'], finger('S0001', 'left-index'));
    await waitFor(() => f.completed.length === 1, 'completion');
    const [request] = f.decisions.requests;
    expect(request).toMatchObject({
      direction: 'entry',
      identifier: { kind: 'keypad', value: '70001' },
      personId: '01960000-0000-7000-8000-000000000001',
      factors: { pin: 'ok', vein: { result: 'match', threshold: 150 } },
      replyTo: 'acs/v1/bridges/bridge-1/decisions/reply',
      cacheVersion: 1,
    });
    expect(Date.parse(request.respondBy) - Date.parse(request.occurredAt)).toBe(1_000);
    expect(f.completed[0]).toMatchObject({ outcome: 'grant', reason: 'GRANTED', unlockedPulseMs: 10_000, decidedBy: 'api' });

    await f.clock.advance(300);
    f.io.setContact('open');
    await f.clock.advance(1_500);
    f.io.setContact('closed');
    await f.clock.advance(10_000);
    const [presented, ...events] = f.outbox.pending();
    expect(presented).toMatchObject({ type: 'reader.credential-presented', readerId: 'reader-a1-in', doorId: 'door-a1', payload: { kind: 'keypad', value: '70001' } });
    expect(validateEmittedEvent(presented!)).toMatchObject({ ok: true });
    expect(events.map((e) => e.type)).toEqual(['door.unlocked', 'door.opened', 'door.closed', 'door.relocked']);
    expect(events.every((e) => e.attemptId === request.attemptId && e.doorId === 'door-a1')).toBe(true);
    expect(events[0].payload).toEqual({ pulseMs: 10_000, cause: 'grant', decisionId: '01960000-0000-7000-8000-00000000dec1' });
    for (const e of events) expect(validateEmittedEvent(e)).toMatchObject({ ok: true });
    expect(f.reader.leds.map((l) => l.color)).toContain('green');
  });

  it('should send pin "fail" and skip the vein step on a wrong PIN', async () => {
    f = await sequenceFixture();
    f.decisions.answer = () => ({ outcome: 'deny', reason: 'PIN_INVALID', display: { ja: '暗証番号が違います', en: 'Wrong PIN' } });
    await present(['70001#', '11111111#'], finger('S0001', 'right-index'));
    await waitFor(() => f.completed.length === 1, 'completion');
    expect(f.decisions.requests[0].factors).toEqual({ pin: 'fail', vein: { result: 'not-attempted' } });
    expect(f.bioMatchCount()).toBe(0);
    expect(f.completed[0]).toMatchObject({ outcome: 'deny', reason: 'PIN_INVALID' });
    expect(f.reader.texts.at(-1)).toEqual({ ja: '暗証番号が違います', en: 'Wrong PIN' });
    expect(f.reader.leds.at(-1)?.color).toBe('red');
    expect(f.io.history.some((h) => h.released)).toBe(false);
  });

  it('should report no-match for the wrong finger after trying every template', async () => {
    f = await sequenceFixture();
    f.decisions.answer = () => ({ outcome: 'deny', reason: 'VEIN_NO_MATCH' });
    await present(['70001#', ALICE.pin + '#'], finger('S0002', 'right-index'));
    const vein = f.decisions.requests[0].factors.vein;
    expect(vein.result).toBe('no-match');
    expect(vein.score).toBeLessThan(150);
    expect(f.bioMatchCount()).toBe(2);
  });

  it('should deny locally with API_UNAVAILABLE and keep an attempt.undecided event when the api is silent', async () => {
    f = await sequenceFixture();
    f.decisions.answer = undefined;
    await present(['70001#', ALICE.pin + '#'], finger('S0001', 'right-index'));
    await f.clock.advance(999);
    expect(f.completed).toHaveLength(0);
    await f.clock.advance(1);
    expect(f.completed[0]).toMatchObject({ outcome: 'deny', reason: 'API_UNAVAILABLE', decidedBy: 'bridge' });
    const event = f.outbox.pending().find((e) => e.type === 'attempt.undecided')!;
    expect(event).toMatchObject({ type: 'attempt.undecided', attemptId: f.decisions.requests[0].attemptId, readerId: 'reader-a1-in' });
    expect(event.payload).toEqual({ request: f.decisions.requests[0], localReason: 'API_UNAVAILABLE' });
    expect(validateEmittedEvent(event)).toMatchObject({ ok: true });
    expect(f.io.history.some((h) => h.released)).toBe(false);
    expect(f.reader.leds.at(-1)?.color).toBe('red');
  });

  it('should still ask the api, with personId null, for an unknown identifier', async () => {
    f = await sequenceFixture();
    f.decisions.answer = () => ({ outcome: 'deny', reason: 'UNKNOWN_IDENTIFIER' });
    await present(['99999#', '1234#']);
    expect(f.decisions.requests[0]).toMatchObject({ personId: null, factors: { pin: 'fail', vein: { result: 'not-attempted' } } });
  });

  it('should report pin "blocked" when the PIN is not usable', async () => {
    f = await sequenceFixture();
    await present([BLOCKED.keypadCode + '#', BLOCKED.pin + '#']);
    expect(f.decisions.requests[0].factors).toEqual({ pin: 'blocked', vein: { result: 'not-attempted' } });
  });

  it('should report pin "not-attempted" after 20 s without a PIN', async () => {
    f = await sequenceFixture();
    f.reader.pressKeys('70001#');
    await f.clock.advance(19_999);
    expect(f.decisions.requests).toHaveLength(0);
    await f.clock.advance(1);
    await waitFor(() => f.decisions.requests.length === 1, 'request');
    expect(f.decisions.requests[0].factors.pin).toBe('not-attempted');
  });

  it('should report vein "timeout" when no finger is placed, and "not-enrolled" without templates', async () => {
    f = await sequenceFixture();
    f.reader.pressKeys(`70001#${ALICE.pin}#`);
    await waitFor(() => f.reader.texts.some((t) => t.en.startsWith('Place')), 'finger prompt');
    await f.clock.advance(10_000);
    await waitFor(() => f.decisions.requests.length === 1, 'request');
    expect(f.decisions.requests[0].factors.vein).toEqual({ result: 'timeout', threshold: 150 });
    await waitFor(() => f.sut.isIdle, 'idle');

    f.reader.pressKeys(`${UNENROLLED.keypadCode}#${UNENROLLED.pin}#`);
    await waitFor(() => f.decisions.requests.length === 2, 'second request');
    expect(f.decisions.requests[1].factors.vein).toEqual({ result: 'not-enrolled', threshold: 150 });
  });

  it('should report a reader error from BIOMATCH as "reader-error"', async () => {
    f = await sequenceFixture();
    f.reader.failNextBioMatch();
    await present(['70001#', ALICE.pin + '#'], finger('S0001', 'right-index'));
    expect(f.decisions.requests[0].factors.vein).toEqual({ result: 'reader-error', threshold: 150 });
  });

  it('should forget a half-keyed identifier after 20 s and honour * as clear', async () => {
    f = await sequenceFixture();
    f.reader.pressKeys('700');
    await f.clock.advance(20_000);
    f.reader.pressKeys('01#');
    expect(f.sut.isIdle).toBe(false); // "01" started an attempt, not "70001"
    f.reader.pressKeys('#');
    await waitFor(() => f.decisions.requests.length === 1, 'request');
    expect(f.decisions.requests[0].identifier.value).toBe('01');
  });

  it('should start the same attempt from an IC card, naming the card by its keyed-hash reference only', async () => {
    f = await sequenceFixture();
    f.reader.placeFinger(finger('S0001', 'right-index'));
    await f.reader.presentCard(ALICE_CARD.toUpperCase());
    expect(f.sut.isIdle).toBe(false);
    f.reader.pressKeys(`${ALICE.pin}#`);
    await waitFor(() => f.completed.length === 1, 'completion');
    const reference = cardReference(cardHash(TEST_CARD_KEY, ALICE_CARD));
    expect(f.decisions.requests[0]).toMatchObject({
      identifier: { kind: 'card', value: reference },
      personId: '01960000-0000-7000-8000-000000000001',
      factors: { pin: 'ok', vein: { result: 'match' } },
    });
    const [presented] = f.outbox.pending();
    expect(presented).toMatchObject({ type: 'reader.credential-presented', payload: { kind: 'card', value: reference, bitCount: 72, format: 0 } });
    expect(validateEmittedEvent(presented!)).toMatchObject({ ok: true });
    expect(JSON.stringify(f.outbox.pending()) + JSON.stringify(f.decisions.requests)).not.toContain(ALICE_CARD);
  });

  it('should ask the api with personId null for an unknown card, and ignore cards while an attempt runs', async () => {
    f = await sequenceFixture();
    f.decisions.answer = () => ({ outcome: 'deny', reason: 'UNKNOWN_IDENTIFIER' });
    await f.reader.presentCard('00112233');
    await f.reader.presentCard(ALICE_CARD); // during the PIN prompt: belongs to nobody
    f.reader.pressKeys('123456#');
    await waitFor(() => f.completed.length === 1, 'completion');
    expect(f.decisions.requests).toHaveLength(1);
    expect(f.decisions.requests[0]).toMatchObject({ identifier: { kind: 'card', value: cardReference(cardHash(TEST_CARD_KEY, '00112233')) }, personId: null, factors: { pin: 'fail' } });
    expect(f.outbox.pending().filter((e) => e.type === 'reader.credential-presented')).toHaveLength(1);
  });

  it('should never put a PIN, verifier, template or card number in a log line or an event', async () => {
    const { logger, lines } = captureLogger();
    f = await sequenceFixture(logger);
    await present(['70001#', ALICE.pin + '#'], finger('S0001', 'right-index'));
    await waitFor(() => f.completed.length === 1, 'completion');
    f.decisions.answer = undefined;
    f.decisions.requests.length = 0;
    await present(['70001#', ALICE.pin + '#'], finger('S0001', 'right-index'));
    await f.clock.advance(11_000);
    await waitFor(() => f.sut.isIdle, 'idle');
    await f.reader.presentCard(ALICE_CARD);
    f.reader.pressKeys(`${ALICE.pin}#`);
    await waitFor(() => f.decisions.requests.length === 2, 'the card attempt');
    await f.clock.advance(1_000);
    await waitFor(() => f.sut.isIdle, 'idle again');
    const everything = lines.join('\n') + JSON.stringify(f.outbox.pending());
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(ALICE.pin);
    expect(everything.toLowerCase()).not.toContain(ALICE_CARD);
    expect(everything).not.toContain(TEST_CARD_KEY.toString('base64'));
    expect(everything).not.toContain('$argon2id$');
    expect(everything).not.toContain(syntheticVeinPattern('S0001', 'right-index').toString('base64').slice(0, 24));
  });
});
