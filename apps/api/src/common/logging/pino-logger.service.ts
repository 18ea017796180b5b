import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import { requestContext } from './request-context.js';

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's logger, written as pino JSON lines. Accepts Nest's `(message, ...params, context)` calls and the
 * structured form `logger.log({ field }, 'message')`; adds the current request id when there is one.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const requestId = requestContext.getStore()?.requestId;
    const base = { ...(context ? { context } : {}), ...(requestId ? { reqId: requestId } : {}) };
    if (message instanceof Error) {
      this.pino[level]({ ...base, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...base, ...(message as object) }, typeof rest[0] === 'string' ? rest[0] : undefined);
    } else {
      this.pino[level](base, String(message));
    }
  }
}
