import type { SimPresentRequest, SimPresentResult } from '#contracts';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { AttemptCompleted, DoorSequence } from '../components/door-sequence.js';
import type { Door } from '../devices/door.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';
import type { DoorControls, ReaderControls } from './sim-controls.js';

/** One simulated reader with the door it guards: the person's side (controls) and the bridge's side. */
export interface SimulatedStation {
  reader: ReaderControls;
  sequence: DoorSequence;
  door: Door;
  io: DoorControls;
}

export interface SimControlOptions {
  keyIntervalMs: number;
  /** The simulated person pushes the door this long after the strike releases… */
  openAfterMs: number;
  /** …and lets it close this long after opening (earlier if the pulse is short, so it closes before relock). */
  closeAfterMs: number;
  /** Upper bound for one walk (PIN and vein timeouts included). */
  walkTimeoutMs: number;
  /** How long the reader may take to pass the keys on (an OSDP reader sends them at its next POLL). */
  keyDeliveryMs: number;
}

export const DEFAULT_SIM_OPTIONS: SimControlOptions = { keyIntervalMs: 20, openAfterMs: 300, closeAfterMs: 1_500, walkTimeoutMs: 120_000, keyDeliveryMs: 2_000 };

/**
 * `--simulate` only: a synthetic person walks up to a simulated reader, shows a card or keys their number, keys
 * the PIN, places a finger, and (if granted) opens and closes the door. The outcome goes back on
 * `simPresentResult`.
 */
export class SimControl {
  private readonly busy = new Set<string>();
  private readonly timers = new Set<TimerHandle>();
  private stopped = false;

  constructor(
    private readonly stations: ReadonlyMap<string, SimulatedStation>,
    private readonly mqtt: MqttPort,
    private readonly resultTopic: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SimControlOptions = DEFAULT_SIM_OPTIONS,
  ) {}

  async handle(request: SimPresentRequest): Promise<SimPresentResult> {
    const result = await this.walk(request).catch((error: unknown) => this.failed(request, `walk failed: ${errorMessage(error)}`));
    this.logger.info({ requestId: request.requestId, readerId: request.readerId, completed: result.completed, outcome: result.outcome, reason: result.reason }, 'simulated presentation finished');
    await this.mqtt.publish(this.resultTopic, result, { qos: 1 }).catch((error: unknown) =>
      this.logger.warn({ requestId: request.requestId, err: errorMessage(error) }, 'simulation result not published'),
    );
    return result;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private async walk(request: SimPresentRequest): Promise<SimPresentResult> {
    const station = this.stations.get(request.readerId);
    if (!station) return this.failed(request, `unknown simulated reader ${request.readerId}`);
    if (this.busy.has(request.readerId) || !station.sequence.isIdle) return this.failed(request, `reader ${request.readerId} is busy`);
    this.busy.add(request.readerId);
    const { reader, sequence } = station;
    let offStarted: () => void = () => undefined;
    const started = new Promise<true>((resolve) => (offStarted = sequence.on('attempt-started', () => resolve(true))));
    let offCompleted: () => void = () => undefined;
    const completed = new Promise<AttemptCompleted>((resolve) => (offCompleted = sequence.on('attempt-completed', resolve)));
    try {
      if (request.veinSample !== undefined) reader.placeFinger(Buffer.from(request.veinSample, 'base64'));
      const within = (ms: number) => this.sleep(ms).then(() => false as const);
      // A card starts the attempt by itself: the keys (the PIN) only once it has, or they would be an identifier.
      if (request.card !== undefined) {
        await reader.presentCard(request.card);
        if (!(await Promise.race([started, within(this.options.keyDeliveryMs)]))) return this.failed(request, 'the card did not start an attempt');
      }
      const delivered: Array<Promise<void>> = [];
      for (const key of request.keys) {
        delivered.push(reader.pressKeys(key));
        await this.sleep(this.options.keyIntervalMs);
      }
      // The keys travel to the bridge at the reader's pace; give the attempt a moment to begin.
      const began = await Promise.race([started, Promise.all(delivered).then(() => Promise.race([started, within(500)])), within(this.options.keyDeliveryMs)]);
      if (!began) {
        void reader.pressKeys('*'); // the person walks away; leave no half-keyed entry behind
        return this.failed(request, 'the keys did not start an attempt (end the identifier with #)');
      }
      const attempt = await Promise.race([completed, this.sleep(this.options.walkTimeoutMs).then(() => undefined)]);
      if (!attempt) return this.failed(request, 'no decision within the walk timeout');
      const { doorOpened, doorClosed } = await this.passThrough(station, attempt);
      return {
        requestId: request.requestId,
        completed: true,
        attemptId: attempt.attemptId,
        outcome: attempt.outcome,
        reason: attempt.reason,
        display: attempt.display,
        doorOpened,
        doorClosed,
      };
    } finally {
      offStarted();
      offCompleted();
      reader.liftFinger();
      this.busy.delete(request.readerId);
    }
  }

  /** After a grant: push the door open once the strike is released, and let it close before the relock. */
  private async passThrough(station: SimulatedStation, attempt: AttemptCompleted): Promise<{ doorOpened: boolean; doorClosed: boolean }> {
    const pulseMs = attempt.unlockedPulseMs;
    if (attempt.outcome !== 'grant' || pulseMs === undefined) return { doorOpened: false, doorClosed: false };
    await this.sleep(this.options.openAfterMs);
    if (this.stopped || !station.io.strikeReleased) return { doorOpened: false, doorClosed: false };
    station.io.setContact('open');
    await this.sleep(Math.min(this.options.closeAfterMs, Math.max(0, pulseMs - this.options.openAfterMs - 200)));
    if (this.stopped) return { doorOpened: true, doorClosed: false };
    station.io.setContact('closed');
    return { doorOpened: true, doorClosed: true };
  }

  private failed(request: SimPresentRequest, error: string): SimPresentResult {
    return { requestId: request.requestId, completed: false, doorOpened: false, doorClosed: false, error };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
