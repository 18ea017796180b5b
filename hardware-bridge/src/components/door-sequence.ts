import { uuidv7 } from 'uuidv7';
import {
  BridgeEventType,
  IdentifierKind,
  type BilingualText,
  type CachedPerson,
  type ClaimedIdentifier,
  type DecisionReply,
  type DecisionRequest,
  type Direction,
  type Outcome,
  type PinResult,
  type VeinFactor,
} from '#contracts';
import type { CredentialCache } from '../cache/credential-cache.js';
import { isoNow, type Clock, type TimerHandle } from '../clock/clock.js';
import type { Door } from '../devices/door.js';
import type { CardRead, Reader } from '../devices/reader.js';
import { TypedEmitter, type EventSource } from '../events/typed-emitter.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { Outbox } from '../outbox/outbox.js';
import type { DecisionClient } from './decision-client.js';
import type { PinVerifier } from './pin-verifier.js';
import { PROMPTS, ReaderFeedback } from './reader-feedback.js';
import { VeinMatcher } from './vein-matcher.js';

export const LOCAL_REASON_API_UNAVAILABLE = 'API_UNAVAILABLE';
export const LOCAL_REASON_BRIDGE_ERROR = 'BRIDGE_ERROR';

export interface DoorSequenceOptions {
  direction: Direction;
  decisionTimeoutMs: number;
  pinTimeoutMs: number;
  /** A half-keyed identifier is forgotten after this much silence. */
  identifierTimeoutMs: number;
  /** How long each BIOMATCH waits for a finger. */
  veinTimeoutMs: number;
}

export const DEFAULT_SEQUENCE_TIMEOUTS = { pinTimeoutMs: 20_000, identifierTimeoutMs: 20_000, veinTimeoutMs: 10_000 };

export interface DoorSequenceDeps {
  bridgeId: string;
  /** `topics.decisionReplies(base, bridgeId)`. */
  replyTo: string;
  reader: Reader;
  door: Door;
  cache: CredentialCache;
  decisions: DecisionClient;
  outbox: Outbox;
  pins: PinVerifier;
  clock: Clock;
  logger: Logger;
}

export interface AttemptCompleted {
  attemptId: string;
  readerId: string;
  doorId: string;
  outcome: Outcome;
  reason: string;
  display: BilingualText;
  /** `bridge` = denied locally (api silent, or a bridge fault). */
  decidedBy: 'api' | 'bridge';
  /** The pulse applied when the strike was released. */
  unlockedPulseMs?: number;
}

export interface DoorSequenceEvents {
  'attempt-started': { attemptId: string };
  'attempt-completed': AttemptCompleted;
}

const MAX_ENTRY_LENGTH = 32;

/**
 * One reader's walk through an attempt: identifier (staff number + `#`, or an IC staff card) → PIN + `#` →
 * vein → the api decides → door. Every attempt that reaches the PIN step is sent to the api (unknown people
 * included) or, if the api is silent, denied locally and recorded as `attempt.undecided`. PINs and templates
 * never leave this flow; a card is named only by its keyed-hash reference.
 */
export class DoorSequence implements EventSource<DoorSequenceEvents> {
  private readonly emitter: TypedEmitter<DoorSequenceEvents>;
  private readonly feedback: ReaderFeedback;
  private readonly vein: VeinMatcher;
  private phase: 'idle' | 'pin' | 'busy' = 'idle';
  private entry = '';
  private entryTimer: TimerHandle | undefined;
  private pinWaiter: ((pin: string | undefined) => void) | undefined;
  private current: Promise<void> | undefined;
  private offReader: Array<() => void> = [];

  constructor(
    private readonly deps: DoorSequenceDeps,
    private readonly options: DoorSequenceOptions,
  ) {
    this.emitter = new TypedEmitter((error, event) =>
      deps.logger.error({ readerId: deps.reader.id, event, err: errorMessage(error) }, 'sequence listener failed'),
    );
    this.feedback = new ReaderFeedback(deps.reader, deps.logger);
    this.vein = new VeinMatcher(deps.reader, options.veinTimeoutMs, deps.logger);
  }

  get readerId(): string {
    return this.deps.reader.id;
  }

  get isIdle(): boolean {
    return this.phase === 'idle';
  }

  on<K extends keyof DoorSequenceEvents>(event: K, listener: (value: DoorSequenceEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  start(): void {
    if (this.offReader.length > 0) return;
    this.offReader.push(
      this.deps.reader.on('keys', (keys) => {
        for (const key of keys) this.onKey(key);
      }),
      this.deps.reader.on('card', (card) => this.onCard(card)),
    );
  }

  /** Stops listening; an attempt in flight finishes (denied locally if it cannot be decided). */
  async stop(): Promise<void> {
    this.offReader.splice(0).forEach((off) => off());
    this.clearEntry();
    this.pinWaiter?.(undefined);
    await this.current;
  }

  private onKey(key: string): void {
    if (this.phase === 'busy') return;
    if (key === '*') return this.clearEntry();
    if (key === '#') return this.submitEntry();
    if (!/^[0-9]$/.test(key)) return;
    this.entry = this.entry.length >= MAX_ENTRY_LENGTH ? '' : this.entry + key;
    if (this.phase === 'idle') {
      this.deps.clock.clearTimeout(this.entryTimer);
      this.entryTimer = this.deps.clock.setTimeout(() => this.clearEntry(), this.options.identifierTimeoutMs);
    }
  }

  private clearEntry(): void {
    this.entry = '';
    if (this.phase === 'idle') {
      this.deps.clock.clearTimeout(this.entryTimer);
      this.entryTimer = undefined;
    }
  }

  private submitEntry(): void {
    const value = this.entry;
    this.clearEntry();
    if (this.phase === 'pin') {
      this.pinWaiter?.(value);
    } else if (value !== '') {
      this.phase = 'pin'; // synchronously: the very next key already belongs to the PIN
      // Only here is it known that these keys were an identifier, not a PIN.
      this.deps.outbox.append(BridgeEventType.ReaderCredentialPresented, {
        doorId: this.deps.door.id,
        readerId: this.deps.reader.id,
        payload: { kind: IdentifierKind.Keypad, value },
      });
      this.begin({ kind: IdentifierKind.Keypad, value }, this.deps.cache.findByKeypadCode(value));
    }
  }

  /** A card read is an identifier like a keyed staff number; while an attempt runs it is ignored. */
  private onCard(card: CardRead): void {
    if (this.phase !== 'idle' || card.data.length === 0) {
      this.deps.logger.debug({ readerId: this.deps.reader.id, phase: this.phase }, 'card read ignored');
      return;
    }
    this.clearEntry();
    this.phase = 'pin';
    const { reference, person } = this.deps.cache.findByCard(card.data);
    this.deps.outbox.append(BridgeEventType.ReaderCredentialPresented, {
      doorId: this.deps.door.id,
      readerId: this.deps.reader.id,
      payload: { kind: IdentifierKind.Card, value: reference, bitCount: card.bitCount, format: card.format },
    });
    this.begin({ kind: IdentifierKind.Card, value: reference }, person);
  }

  private begin(identifier: ClaimedIdentifier, person: CachedPerson | undefined): void {
    this.current = this.runAttempt(identifier, person).finally(() => {
      this.entry = '';
      this.phase = 'idle';
      this.current = undefined;
    });
  }

  private async runAttempt(identifier: ClaimedIdentifier, person: CachedPerson | undefined): Promise<void> {
    const { reader, door, cache, logger } = this.deps;
    const attemptId = uuidv7();
    const occurredAt = isoNow(this.deps.clock);
    this.emitter.emit('attempt-started', { attemptId });
    let completed: AttemptCompleted;
    try {
      const pin = await this.checkPin(person);
      const vein: VeinFactor =
        person && pin === 'ok'
          ? await this.vein.match(person, cache.readerThreshold(reader.id), () => this.feedback.promptFinger())
          : { result: 'not-attempted' };
      const request: DecisionRequest = {
        correlationId: uuidv7(),
        replyTo: this.deps.replyTo,
        attemptId,
        bridgeId: this.deps.bridgeId,
        doorId: door.id,
        readerId: reader.id,
        direction: this.options.direction,
        identifier,
        personId: person?.personId ?? null,
        factors: { pin, vein },
        occurredAt,
        respondBy: new Date(this.deps.clock.nowMs() + this.options.decisionTimeoutMs).toISOString(),
        cacheVersion: cache.version,
      };
      this.feedback.checking();
      const reply = await this.deps.decisions.request(request, this.options.decisionTimeoutMs);
      completed = reply ? await this.apply(reply) : this.undecided(request);
      logger.info(
        { attemptId, readerId: reader.id, doorId: door.id, identifier: identifier.kind, personId: request.personId, pin, vein: vein.result,
          score: vein.score, outcome: completed.outcome, reason: completed.reason, decidedBy: completed.decidedBy },
        'attempt completed',
      );
    } catch (error) {
      logger.error({ attemptId, readerId: reader.id, err: errorMessage(error) }, 'attempt failed in the bridge');
      this.feedback.denied(PROMPTS.bridgeError);
      completed = this.result(attemptId, 'deny', LOCAL_REASON_BRIDGE_ERROR, PROMPTS.bridgeError, 'bridge');
    }
    this.emitter.emit('attempt-completed', completed);
  }

  /** Prompts for the PIN and checks it; the PIN itself never leaves this method. */
  private async checkPin(person: CachedPerson | undefined): Promise<PinResult> {
    this.feedback.promptPin();
    const pin = await new Promise<string | undefined>((resolve) => {
      const timer = this.deps.clock.setTimeout(() => done(undefined), this.options.pinTimeoutMs);
      const done = (value: string | undefined): void => {
        this.phase = 'busy'; // keys after the PIN's `#` belong to nobody
        this.deps.clock.clearTimeout(timer);
        this.pinWaiter = undefined;
        resolve(value);
      };
      this.pinWaiter = done;
    });
    if (pin === undefined) return 'not-attempted';
    // Unknown people get the same prompt (no enumeration of staff numbers); a PIN that cannot be checked fails.
    if (!person) return 'fail';
    if (!person.pinUsable) return 'blocked';
    return (await this.deps.pins.verify(person.pinVerifier, pin)) ? 'ok' : 'fail';
  }

  private async apply(reply: DecisionReply): Promise<AttemptCompleted> {
    const { door, reader } = this.deps;
    if (reply.outcome !== 'grant') {
      this.feedback.denied(reply.display);
      return this.result(reply.attemptId, 'deny', reply.reason, reply.display, 'api');
    }
    const cause = { kind: 'grant' as const, attemptId: reply.attemptId, decisionId: reply.decisionId, readerId: reader.id };
    let pulseMs: number | undefined;
    try {
      // The door caps the pulse and records `door.unlocked` (via the door event recorder).
      pulseMs = await door.unlock(reply.unlockMs ?? door.settings.strike.pulseMs, cause);
      this.feedback.granted(reply.display, pulseMs);
    } catch (error) {
      this.deps.logger.error({ attemptId: reply.attemptId, doorId: door.id, err: errorMessage(error) }, 'granted, but the strike could not be released');
      this.feedback.denied(PROMPTS.bridgeError);
    }
    return { ...this.result(reply.attemptId, 'grant', reply.reason, reply.display, 'api'), ...(pulseMs !== undefined && { unlockedPulseMs: pulseMs }) };
  }

  /** The api did not answer in time: deny (fail secure) and keep the attempt in the outbox. */
  private undecided(request: DecisionRequest): AttemptCompleted {
    this.deps.outbox.append(BridgeEventType.AttemptUndecided, {
      doorId: request.doorId,
      readerId: request.readerId,
      attemptId: request.attemptId,
      payload: { request, localReason: LOCAL_REASON_API_UNAVAILABLE },
    });
    this.feedback.denied(PROMPTS.unavailable);
    return this.result(request.attemptId, 'deny', LOCAL_REASON_API_UNAVAILABLE, PROMPTS.unavailable, 'bridge');
  }

  private result(attemptId: string, outcome: Outcome, reason: string, display: BilingualText, decidedBy: 'api' | 'bridge'): AttemptCompleted {
    return { attemptId, readerId: this.deps.reader.id, doorId: this.deps.door.id, outcome, reason, display: { ...display }, decidedBy };
  }
}
