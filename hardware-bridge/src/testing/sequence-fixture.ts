import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import {
  cardHash,
  sealCredentialCache,
  type CacheKey,
  type CachedPerson,
  type DecisionReply,
  type DecisionRequest,
} from '#contracts';
import { syntheticVeinPattern } from '#demo-site';
import type { Logger } from '../logging/logger.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { SealedCacheStore } from '../cache/sealed-cache.store.js';
import type { DecisionClient } from '../components/decision-client.js';
import { DoorEventRecorder } from '../components/door-event-recorder.js';
import { DEFAULT_SEQUENCE_TIMEOUTS, DoorSequence, type AttemptCompleted } from '../components/door-sequence.js';
import { Argon2PinVerifier } from '../components/pin-verifier.js';
import { Door } from '../devices/door.js';
import { SimulatedDoorIo } from '../devices/simulated/simulated-door-io.js';
import { SimulatedReader } from '../devices/simulated/simulated-reader.js';
import { Outbox } from '../outbox/outbox.js';
import { openBridgeDatabase } from '../storage/bridge-database.js';
import { FakeClock } from './fake-clock.js';
import { silentLogger } from './test-logger.js';

export const TEST_KEY: CacheKey = { id: 'k1', key: Buffer.alloc(32, 3) };
export const TEST_CARD_KEY = Buffer.alloc(32, 5);
/** ALICE's IC staff card (raw bits, hex): long enough that a leak cannot hide by chance. */
export const ALICE_CARD = '5a17c0de0001c0ffee';

/** Test people: a long PIN so a leak cannot hide in a UUID or a timestamp. */
export const ALICE = { personNo: 'S0001', keypadCode: '70001', pin: '48260917', fingers: ['right-index', 'left-index'] };
export const BLOCKED = { personNo: 'S0002', keypadCode: '70002', pin: '73910000', fingers: ['right-index'] };
export const UNENROLLED = { personNo: 'S0003', keypadCode: '70003', pin: '50640000', fingers: [] as string[] };

/** Cheap argon2id parameters: same algorithm and PHC format, fast enough for unit tests. */
const cheapHash = (pin: string) => hash(pin, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });

export async function testPerson(p: typeof ALICE, n: number, pinUsable = true): Promise<CachedPerson> {
  return {
    personId: `01960000-0000-7000-8000-00000000000${n}`,
    personNo: p.personNo,
    keypadCode: p.keypadCode,
    kind: 'staff',
    pinVerifier: await cheapHash(p.pin),
    pinUsable,
    templates: p.fingers.map((position, i) => ({
      id: `01960000-0000-7000-8000-0000000001${n}${i}`,
      position,
      format: 0,
      data: syntheticVeinPattern(p.personNo, position).toString('base64'),
    })),
  };
}

/** Answers decision requests from a script; silent (waits out the timeout on the fake clock) when told to. */
export class FakeDecisionClient implements DecisionClient {
  readonly requests: DecisionRequest[] = [];
  answer: ((request: DecisionRequest) => Partial<DecisionReply>) | undefined = () => ({});

  constructor(private readonly clock: FakeClock) {}

  request(request: DecisionRequest, timeoutMs: number): Promise<DecisionReply | undefined> {
    this.requests.push(JSON.parse(JSON.stringify(request)) as DecisionRequest);
    const answer = this.answer;
    if (!answer) return new Promise((resolve) => this.clock.setTimeout(() => resolve(undefined), timeoutMs));
    return Promise.resolve({
      correlationId: request.correlationId,
      attemptId: request.attemptId,
      decisionId: '01960000-0000-7000-8000-00000000dec1',
      outcome: 'grant',
      reason: 'GRANTED',
      display: { ja: 'どうぞ', en: 'Welcome' },
      decidedAt: new Date(this.clock.nowMs()).toISOString(),
      ...answer(request),
    });
  }
}

/** A door with its entry reader and sequence, over a real SQLite outbox and sealed cache. */
export async function sequenceFixture(logger: Logger = silentLogger()) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-seq-'));
  const db = openBridgeDatabase(join(dir, 'bridge.sqlite'), 'bridge-1');
  const clock = new FakeClock();
  const outbox = new Outbox(db, 'bridge-1', clock);
  const cache = new CredentialCache(new SealedCacheStore(db), TEST_KEY, 'bridge-1', clock, logger);
  cache.accept(
    sealCredentialCache(
      {
        version: 1,
        bridgeId: 'bridge-1',
        issuedAt: '2026-04-01T00:00:00.000Z',
        people: [
          { ...(await testPerson(ALICE, 1)), cards: [cardHash(TEST_CARD_KEY, ALICE_CARD)] },
          await testPerson(BLOCKED, 2, false),
          await testPerson(UNENROLLED, 3),
        ],
        readers: [{ readerId: 'reader-a1-in', veinThreshold: 150 }],
        cardKey: TEST_CARD_KEY.toString('base64'),
      },
      TEST_KEY,
    ),
  );
  const reader = new SimulatedReader('reader-a1-in', clock);
  const io = new SimulatedDoorIo('door-a1', clock);
  const door = new Door({ id: 'door-a1', strike: { pulseMs: 5_000, maxPulseMs: 10_000 }, heldOpenMs: 30_000, rexGraceMs: 10_000 }, io, clock, logger);
  await door.start();
  new DoorEventRecorder(door, outbox).start();
  const decisions = new FakeDecisionClient(clock);
  const sut = new DoorSequence(
    { bridgeId: 'bridge-1', replyTo: 'acs/v1/bridges/bridge-1/decisions/reply', reader, door, cache, decisions, outbox, pins: new Argon2PinVerifier(logger), clock, logger },
    { direction: 'entry', decisionTimeoutMs: 1_000, ...DEFAULT_SEQUENCE_TIMEOUTS },
  );
  sut.start();
  const completed: AttemptCompleted[] = [];
  sut.on('attempt-completed', (c) => completed.push(c));
  let bioMatches = 0;
  const bioMatch = reader.bioMatch.bind(reader);
  reader.bioMatch = (request) => {
    bioMatches++;
    return bioMatch(request);
  };
  return {
    clock, db, outbox, cache, reader, io, door, decisions, sut, completed,
    bioMatchCount: () => bioMatches,
    close: async () => {
      await sut.stop();
      await door.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
