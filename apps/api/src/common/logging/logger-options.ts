import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { uuidv7 } from 'uuidv7';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * JSON logs (to stdout, or to `stream` when given — tests read it) with a request id on every line. Secrets never reach a log line: auth headers and cookies are
 * redacted and request bodies (where PINs, passwords and templates travel) are never logged.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): Params {
  return {
    pinoHttp: {
      level,
      ...(stream ? { stream } : {}),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : uuidv7();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.pin', '*.template', '*.pinVerifier'],
        censor: '[redacted]',
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
    },
  };
}
