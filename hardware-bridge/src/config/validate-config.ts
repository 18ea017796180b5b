import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValidationErrors } from '#contracts';

/** One readable error that lists every problem at once, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates a plain object against a class-validator class; unknown keys are errors (a typo in the wiring
 * file must not silently fall back to a default). `crossChecks` run only when the shape is valid.
 */
export function validateConfig<T extends object>(
  cls: new () => T,
  plain: unknown,
  source: string,
  crossChecks: (value: T) => string[] = () => [],
): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new ConfigError(source, ['must be a mapping of keys to values']);
  }
  const value = plainToInstance(cls, plain);
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true, // one message per bad key: "MQTT_URL is required", not three
  });
  const problems = errors.length > 0 ? describeValidationErrors(errors) : crossChecks(value);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return value;
}

/** Config objects are passed down, never mutated: freeze the whole tree. */
export function deepFreeze<T>(value: T): Readonly<T> {
  // Buffers (the cache key) cannot be frozen; they are never written to.
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
