import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { uuidv7 } from 'uuidv7';
import { requestContext } from './request-context.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The api's JSON logger (stdout, or `stream` when given — tests read it). Secrets never reach a log line:
 * auth headers and cookies are redacted and request bodies (where PINs, passwords and templates travel) are
 * never logged.
 */
export function createLogger(level: string, stream?: NodeJS.WritableStream): Pino {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.pin', '*.pinVerifier', '*.template'],
        censor: '[redacted]',
      },
    },
    stream ?? pino.destination(1),
  );
}

/** Express middleware: a request id on every request (X-Request-Id in and out), one log line per request. */
export function requestLogging(logger: Pino): (req: Request, res: Response, next: NextFunction) => void {
  const http = pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : uuidv7();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
  });
  return (req, res, next) => {
    http(req, res);
    requestContext.run({ requestId: String(req.id) }, next);
  };
}
