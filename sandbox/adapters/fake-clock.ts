// A Clock for tests and the sandbox's fast-forward mode: sleep() records the wait and moves time on
// at once, so retry and backoff logic runs in microseconds and the waits can be asserted.
import type { Clock } from '../../src/core/ports';

export interface FakeClock extends Clock {
  /** Every sleep() in call order, in milliseconds. */
  readonly sleeps: number[];
  /** Moves time forward without recording a sleep (time passing between events). */
  advance(ms: number): void;
}

/** 2026-11-28T00:00:00Z: a fixed, readable default so tests never depend on the real date. */
export const DEFAULT_START_MS = Date.UTC(2026, 10, 28);

export function createFakeClock(startMs: number = DEFAULT_START_MS): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  const step = (ms: number) => {
    if (!Number.isFinite(ms)) throw new RangeError(`Cannot move a fake clock by ${ms} ms.`);
    now += Math.max(0, ms);
  };
  return {
    sleeps,
    now: () => now,
    async sleep(ms: number) {
      sleeps.push(ms);
      step(ms);
      // Yield once, as a real sleep would, so concurrent callers interleave.
      await Promise.resolve();
    },
    advance: step,
  };
}
