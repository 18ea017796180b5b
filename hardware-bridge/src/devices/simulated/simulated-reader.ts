import type { BilingualText } from '#contracts';
import { scoreVeinSample } from '#demo-site';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { TypedEmitter } from '../../events/typed-emitter.js';
import type { ReaderControls } from '../../simulation/sim-controls.js';
import type { BeepCommand, BioMatchRequest, BioMatchResult, BioReadRequest, BioReadResult, LedCommand, Reader, ReaderEvents } from '../reader.js';

/** What the simulated sensor reports for a finger placed without saying how well. */
const DEFAULT_FINGER_QUALITY = 80;

/**
 * A reader in software for `--simulate` and tests. Keys are injected by the harness; a finger is "placed"
 * as a synthetic vein sample and rests on the sensor until lifted, so every BIOMATCH of the attempt scans it
 * (a real finger stays on the sensor while the host tries the person's templates one by one).
 */
export class SimulatedReader implements Reader, ReaderControls {
  /** What the reader was told to show, for the harness and for assertions. */
  readonly leds: LedCommand[] = [];
  readonly beeps: BeepCommand[] = [];
  readonly texts: BilingualText[] = [];
  private readonly emitter = new TypedEmitter<ReaderEvents>();
  private finger: Buffer | undefined;
  private fingerQuality = DEFAULT_FINGER_QUALITY;
  /** What the next bioRead answers instead of scanning (a reader that refuses BIOREAD, one unplugged). */
  private readOverride: BioReadResult['status'] | undefined;
  /** BIOREAD commands received, for assertions. */
  readonly bioReads: BioReadRequest[] = [];
  private fingerReads = 0;
  private wakeMatcher: (() => void) | undefined;
  private failNext: Error | undefined;

  constructor(
    readonly id: string,
    private readonly clock: Clock,
  ) {}

  on<K extends keyof ReaderEvents>(event: K, listener: (value: ReaderEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** The harness presses keys (one KEYPAD report); they reach the listeners before this returns. */
  pressKeys(keys: string): Promise<void> {
    if (!/^[0-9*#]+$/.test(keys)) throw new Error('a keypad has only 0-9, * and #');
    this.emitter.emit('keys', keys);
    return Promise.resolve();
  }

  /** The harness holds a card to the reader (raw bits as hex, whole bytes). */
  presentCard(cardNumberHex: string): Promise<void> {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(cardNumberHex)) throw new Error('a card is whole bytes of hex');
    this.emitter.emit('card', { format: 0, bitCount: cardNumberHex.length * 4, data: cardNumberHex.toLowerCase() });
    return Promise.resolve();
  }

  /** The harness unplugs or replugs the reader. */
  setOnline(online: boolean): void {
    this.emitter.emit('online', online);
  }

  placeFinger(sample: Buffer, quality = DEFAULT_FINGER_QUALITY): void {
    this.finger = Buffer.from(sample);
    this.fingerQuality = quality;
    this.wakeMatcher?.();
  }

  /** Every bioRead from now on answers this status without scanning (undefined: scan again). */
  answerBioReadWith(status: Exclude<BioReadResult['status'], 'success'> | undefined): void {
    this.readOverride = status;
  }

  async bioRead(request: BioReadRequest): Promise<BioReadResult> {
    this.bioReads.push({ ...request });
    if (this.readOverride && this.readOverride !== 'success') return { status: this.readOverride };
    if (this.wakeMatcher) return { status: 'busy' };
    if (!this.finger) await this.waitForFinger(request.timeoutMs);
    if (!this.finger) return { status: 'timeout' };
    this.fingerReads++;
    return { status: 'success', quality: this.fingerQuality, template: Buffer.from(this.finger) };
  }

  get fingerScans(): number {
    return this.fingerReads;
  }

  liftFinger(): void {
    this.finger = undefined;
  }

  /** The next bioMatch fails as if the reader answered NAK / had a bus error. */
  failNextBioMatch(error = new Error('simulated reader error')): void {
    this.failNext = error;
  }

  async bioMatch(request: BioMatchRequest): Promise<BioMatchResult> {
    if (this.wakeMatcher) return { status: 'error', score: 0 }; // one outstanding command per reader
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (!this.finger) await this.waitForFinger(request.timeoutMs);
    if (!this.finger) return { status: 'timeout', score: 0 };
    this.fingerReads++;
    return { status: 'success', score: scoreVeinSample(request.template, this.finger) };
  }

  async showLed(command: LedCommand): Promise<void> {
    this.leds.push({ ...command });
  }

  async beep(command: BeepCommand): Promise<void> {
    this.beeps.push({ ...command });
  }

  async showText(text: BilingualText): Promise<void> {
    this.texts.push({ ja: text.ja, en: text.en });
  }

  private waitForFinger(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined = undefined;
      const done = (): void => {
        this.clock.clearTimeout(timer);
        this.wakeMatcher = undefined;
        resolve();
      };
      this.wakeMatcher = done;
      timer = this.clock.setTimeout(done, timeoutMs);
    });
  }
}
