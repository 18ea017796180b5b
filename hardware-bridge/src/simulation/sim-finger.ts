import type { SimPlaceFinger, SimPlaceFingerResult } from '#contracts';
import type { Clock } from '../clock/clock.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';
import type { ReaderControls } from './sim-controls.js';

/** How long a finger rests on the sensor when the request does not say. */
const DEFAULT_HOLD_MS = 30_000;
/** How often the resting finger checks whether the sensor has read it. */
const CHECK_EVERY_MS = 50;

/**
 * `--simulate` only: a synthetic person rests a finger on a simulated reader until the sensor reads it (an
 * enrolment's BIOREAD, or a BIOMATCH) or `holdMs` passes, then lifts it. The outcome goes back on
 * `simPlaceFingerResult`.
 */
export class SimFinger {
  private stopped = false;

  constructor(
    private readonly readers: ReadonlyMap<string, ReaderControls>,
    private readonly mqtt: MqttPort,
    private readonly resultTopic: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async handle(request: SimPlaceFinger): Promise<SimPlaceFingerResult> {
    const result = await this.rest(request);
    this.logger.info({ requestId: request.requestId, readerId: request.readerId, read: result.read }, 'simulated finger lifted');
    await this.mqtt.publish(this.resultTopic, result, { qos: 1 }).catch((error: unknown) =>
      this.logger.warn({ requestId: request.requestId, err: errorMessage(error) }, 'simulation result not published'),
    );
    return result;
  }

  stop(): void {
    this.stopped = true;
  }

  private async rest(request: SimPlaceFinger): Promise<SimPlaceFingerResult> {
    const reader = this.readers.get(request.readerId);
    if (!reader) return { requestId: request.requestId, completed: false, read: false, error: `unknown simulated reader ${request.readerId}` };
    const scansBefore = reader.fingerScans;
    reader.placeFinger(Buffer.from(request.veinSample, 'base64'), request.quality);
    const until = this.clock.nowMs() + (request.holdMs ?? DEFAULT_HOLD_MS);
    try {
      while (!this.stopped && reader.fingerScans === scansBefore && this.clock.nowMs() < until) {
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, CHECK_EVERY_MS));
      }
    } finally {
      reader.liftFinger();
    }
    return { requestId: request.requestId, completed: true, read: reader.fingerScans > scansBefore };
  }
}
