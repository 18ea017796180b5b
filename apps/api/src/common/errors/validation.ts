import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, ErrorCode, type FieldError } from './problem.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global validation: unknown fields rejected, every bad field named in the problem body. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new AppError(ErrorCode.ValidationFailed, 'Validation failed', 'The request has invalid fields.', flatten(errors)),
  });
}
