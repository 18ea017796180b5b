/** Opaque timer handle: whatever the clock returned from `setTimeout`. */
export type TimerHandle = { readonly __timerHandle: unique symbol };

/**
 * All timing goes through this seam so door timers, PIN timeouts and resends stay deterministic under test.
 */
export interface Clock {
  nowMs(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return setTimeout(fn, ms) as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) clearTimeout(handle as unknown as NodeJS.Timeout);
  }
}

/** ISO-8601 UTC of the clock's current instant. */
export const isoNow = (clock: Clock): string => new Date(clock.nowMs()).toISOString();
