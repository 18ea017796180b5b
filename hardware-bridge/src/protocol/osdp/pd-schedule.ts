import type { CpSessionState } from '#osdp';

/** How much earlier than its interval a POLL may go out (5 %, at most 10 ms), so polls bunch into rounds. */
export const pollSlackMs = (pollIntervalMs: number): number => Math.min(10, Math.floor(pollIntervalMs * 0.05));

/**
 * When a PD's session next needs the line (clock ms), read from the reducer's state: the retry of the command
 * in flight (no earlier than `slowRetryAtMs` for a PD that keeps missing replies), the re-probe of an offline
 * PD, the next POLL of an idle online PD (after `pollIntervalMs`), at once when application commands wait —
 * and never later than the moment it must be declared offline.
 */
export function nextTurnAtMs(s: CpSessionState, pollIntervalMs: number, slowRetryAtMs: number, commandsWaiting: boolean): number {
  const offlineDeadline = s.phase === 'offline' || s.phase === 'init' ? Infinity : s.lastValidReplyAtMs + s.config.offlineTimeoutMs;
  let due: number;
  if (s.inFlight) due = Math.max(s.inFlight.retryAtMs, slowRetryAtMs);
  else if (s.phase === 'offline') due = s.reprobeAtMs;
  else if (s.phase === 'online' && !commandsWaiting) due = s.lastSentAtMs + pollIntervalMs;
  else due = Number.NEGATIVE_INFINITY;
  return Math.min(due, offlineDeadline);
}

/** When the command in flight stops being waited for (its retry time, or the offline deadline); Infinity if none. */
export function replyDeadlineMs(s: CpSessionState): number {
  if (!s.inFlight) return Number.POSITIVE_INFINITY;
  return Math.min(s.inFlight.retryAtMs, s.lastValidReplyAtMs + s.config.offlineTimeoutMs);
}
