import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, ErrorCode, statusOf } from './problem.js';

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  503: ErrorCode.ServiceUnavailable,
};

/** Renders every error as `application/problem+json`; unknown errors become a bare 500 with no internals. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception, requestId: req.id }, 'request failed');
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: req.originalUrl, requestId: req.id });
  }

  private toProblem(exception: unknown): { type: string; title: string; status: number; code: ErrorCode; detail?: string; errors?: unknown } {
    if (exception instanceof AppError) {
      return {
        type: typeUri(exception.code),
        title: exception.title,
        status: statusOf[exception.code],
        code: exception.code,
        ...(exception.detail ? { detail: exception.detail } : {}),
        ...(exception.errors ? { errors: exception.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
      return { type: typeUri(code), title: exception.message, status, code };
    }
    return { type: typeUri(ErrorCode.Internal), title: 'Internal error', status: 500, code: ErrorCode.Internal };
  }
}

function typeUri(code: ErrorCode): string {
  return `urn:acs:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
