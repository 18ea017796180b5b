import { ADDRESS_MASK } from '../constants.js';
import type { CpSessionConfig, CpSessionState, ResolvedCpSessionConfig } from './cp-session.types.js';

const DEFAULTS = {
  secureChannel: true,
  installMode: false,
  useCrc: true,
  mark: true,
  pollIntervalMs: 200,
  replyTimeoutMs: 200,
  offlineTimeoutMs: 8000,
  busyRetryMs: 50,
  reprobeMinMs: 1000,
  reprobeMaxMs: 60_000,
  maxQueuedCommands: 32,
} as const;

/** Applies defaults; throws RangeError on a configuration that cannot work (caught at startup, not on the wire). */
export function resolveCpSessionConfig(config: CpSessionConfig): ResolvedCpSessionConfig {
  const resolved = { ...DEFAULTS, ...stripUndefined(config) } as ResolvedCpSessionConfig;
  if (!Number.isInteger(resolved.address) || resolved.address < 0 || resolved.address > ADDRESS_MASK) {
    throw new RangeError(`address must be 0..0x7F, got ${resolved.address}`);
  }
  if (resolved.secureChannel) {
    if (!resolved.scbk || resolved.scbk.length !== 16) throw new RangeError('secure channel needs a 16-byte scbk');
    if (!resolved.randomBytes) throw new RangeError('secure channel needs randomBytes for RND.A');
  }
  for (const key of ['pollIntervalMs', 'replyTimeoutMs', 'offlineTimeoutMs', 'busyRetryMs', 'reprobeMinMs', 'reprobeMaxMs'] as const) {
    if (!(resolved[key] > 0)) throw new RangeError(`${key} must be positive`);
  }
  return Object.freeze(resolved);
}

/** A session that will probe the PD (ID) on its first tick. */
export function createCpSession(config: CpSessionConfig, nowMs: number): CpSessionState {
  const resolved = resolveCpSessionConfig(config);
  return {
    config: resolved,
    phase: 'init',
    sequence: 0,
    queue: [],
    online: false,
    lastValidReplyAtMs: nowMs,
    lastSentAtMs: nowMs,
    reprobeAtMs: nowMs,
    reprobeDelayMs: resolved.reprobeMinMs,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
