import type { SimReaderPower, SimReaderPowerResult } from '#contracts';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';

/** The part of a simulated reader that can be unplugged (its OSDP responder). */
export interface PluggableReader {
  pd: { powerOff(): void; powerOn(): void };
}

/**
 * `--simulate` only: unplugs or replugs a simulated reader. Unplugged, it answers nothing, as with a cut cable:
 * the bridge sees it go offline after the OSDP offline time (8 s), and anything sent to it meanwhile unanswered.
 */
export class SimReaderPowerSwitch {
  constructor(
    private readonly readers: ReadonlyMap<string, PluggableReader>,
    private readonly mqtt: MqttPort,
    private readonly resultTopic: string,
    private readonly logger: Logger,
  ) {}

  async handle(request: SimReaderPower): Promise<SimReaderPowerResult> {
    const reader = this.readers.get(request.readerId);
    if (reader) {
      if (request.powered) reader.pd.powerOn();
      else reader.pd.powerOff();
    }
    const result: SimReaderPowerResult = reader
      ? { requestId: request.requestId, completed: true }
      : { requestId: request.requestId, completed: false, error: `unknown simulated reader ${request.readerId}` };
    this.logger.info({ requestId: request.requestId, readerId: request.readerId, powered: request.powered, completed: result.completed }, 'simulated reader power switched');
    await this.mqtt.publish(this.resultTopic, result, { qos: 1 }).catch((error: unknown) =>
      this.logger.warn({ requestId: request.requestId, err: errorMessage(error) }, 'simulation result not published'),
    );
    return result;
  }
}
