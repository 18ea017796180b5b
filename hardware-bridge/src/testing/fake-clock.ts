import type { Clock, TimerHandle } from '../clock/clock.js';

interface FakeTimer {
  id: number;
  atMs: number;
  fn: () => void;
}

/** A manual clock for tests: time moves only when the test says so. */
export class FakeClock implements Clock {
  private now: number;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  constructor(startMs = Date.parse('2026-04-01T00:00:00.000Z')) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, atMs: this.now + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.timers = this.timers.filter((t) => t !== (handle as unknown as FakeTimer));
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order and letting promise continuations run between
   * them (async code schedules further timers from its continuations).
   */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter((t) => t.atMs <= target).sort((a, b) => a.atMs - b.atMs || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.atMs;
      due.fn();
    }
    this.now = target;
    await flushMicrotasks();
  }
}

/** Lets already-resolved promise chains run to completion. */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Polls in real time (for work done off the event loop, e.g. argon2 in its thread pool). */
export async function waitFor(predicate: () => boolean, what = 'condition', timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}
