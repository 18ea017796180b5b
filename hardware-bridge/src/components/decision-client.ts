import type { DecisionReply, DecisionRequest } from '#contracts';
import type { Clock, TimerHandle } from '../clock/clock.js';
import { errorMessage, type Logger } from '../logging/logger.js';
import type { MqttPort } from '../mqtt/mqtt-port.js';

/** Asks the api to decide an attempt. */
export interface DecisionClient {
  /** Resolves with the api's reply, or `undefined` when none came within `timeoutMs` (or it could not be sent). */
  request(request: DecisionRequest, timeoutMs: number): Promise<DecisionReply | undefined>;
}

interface Pending {
  attemptId: string;
  timer: TimerHandle;
  finish: (reply: DecisionReply | undefined) => void;
}

/** Request/response over MQTT 3.1.1: the reply topic and correlation id travel in the request payload. */
export class MqttDecisionClient implements DecisionClient {
  private readonly pending = new Map<string, Pending>();
  private stopped = false;

  constructor(
    private readonly mqtt: MqttPort,
    private readonly requestTopic: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  request(request: DecisionRequest, timeoutMs: number): Promise<DecisionReply | undefined> {
    if (this.stopped) return Promise.resolve(undefined); // shutting down: decided locally, recorded as undecided
    return new Promise((resolve) => {
      const finish = (reply: DecisionReply | undefined): void => {
        const entry = this.pending.get(request.correlationId);
        if (!entry) return;
        this.pending.delete(request.correlationId);
        this.clock.clearTimeout(entry.timer);
        resolve(reply);
      };
      const timer = this.clock.setTimeout(() => finish(undefined), timeoutMs);
      this.pending.set(request.correlationId, { attemptId: request.attemptId, timer, finish });
      this.mqtt.publish(this.requestTopic, request, { qos: 1 }).catch((error: unknown) => {
        // Not connected: no point waiting out the timeout, the attempt is decided locally now.
        this.logger.warn({ attemptId: request.attemptId, err: errorMessage(error) }, 'decision request not sent');
        finish(undefined);
      });
    });
  }

  handleReply(reply: DecisionReply): void {
    const entry = this.pending.get(reply.correlationId);
    if (!entry) {
      // Too late: the bridge already denied locally and recorded `attempt.undecided`.
      this.logger.warn({ attemptId: reply.attemptId, outcome: reply.outcome }, 'decision reply arrived after the deadline; ignored');
      return;
    }
    if (entry.attemptId !== reply.attemptId) {
      this.logger.warn({ attemptId: entry.attemptId, replyAttemptId: reply.attemptId }, 'decision reply names another attempt; ignored');
      return;
    }
    entry.finish(reply);
  }

  /** Ends every wait now (shutdown): those attempts are recorded as undecided. */
  stop(): void {
    this.stopped = true;
    for (const entry of [...this.pending.values()]) entry.finish(undefined);
  }
}
