// How often the status panels ask again: every `base` ms while something changes, slower while
// nothing does (up to `max`), slower still after an error, and not at all once the request has
// reached a final state (the caller stops). Pure, so the schedule is easy to reason about.
export interface PollTiming {
  base: number;
  max: number;
}

export const DEFAULT_TIMING: PollTiming = { base: 5_000, max: 15_000 };

export function nextDelay(
  previous: number,
  outcome: 'changed' | 'same' | 'error',
  timing: PollTiming,
): number {
  if (outcome === 'changed') return timing.base;
  if (outcome === 'same') return Math.min(Math.round(previous * 1.5), timing.max);
  return Math.min(previous * 2, timing.max * 4);
}

/** The sandbox and the tests may ask for a faster pace with ?pollMs= (at least 100 ms). */
export function timingFromLocation(search: string): PollTiming {
  const ms = Number(new URLSearchParams(search).get('pollMs'));
  return Number.isFinite(ms) && ms >= 100 ? { base: ms, max: ms * 3 } : DEFAULT_TIMING;
}
