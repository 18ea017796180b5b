import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON lines to stdout with the bridge id bound to every line. */
export function createLogger(level: LogLevel, bridgeId: string, destination?: DestinationStream): Logger {
  const root = destination ? pino({ level }, destination) : pino({ level });
  return root.child({ bridgeId });
}

/** A stable short description of an error for log lines (no stack spam, no payloads). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
