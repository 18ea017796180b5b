import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A logger that keeps every JSON line, so tests can assert what never appears in logs. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
