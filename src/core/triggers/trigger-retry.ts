// When a trigger could not queue its work (the queue refused the push, the store failed), it has
// released its dedupe key and thrown: the platform must deliver the event again. A product-event
// trigger asks for that by returning an InvocationError with `retryAfter` (at most 900 s, at most
// 4 retries); whether a thrown error is retried is not documented, so the entry point never relies
// on it (https://developer.atlassian.com/platform/forge/events-reference/product_events/).
// This file decides the retry; src/forge/handlers turn it into Forge's InvocationError and the
// sandbox's product-event emulator into a later delivery.
import type { Log } from '../ports';
import { QueueRateLimitedError } from '../queue/queue-errors';
import type { TriggerOutcome } from './on-issue-created';

export interface TriggerRetry {
  retry: true;
  retryAfterSeconds: number;
  reason: 'queue-rate-limited' | 'not-queued';
}

/** The platform's retry count of this delivery (Forge's event.retryContext.retryCount), else 0. */
export function retryCountOf(event: unknown): number {
  const count = (event as { retryContext?: { retryCount?: unknown } } | null)?.retryContext?.retryCount;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 0;
}

/**
 * After a refusal, later and later: the queue's minute (60 s, 120 s, 240 s, 480 s) outlasts a burst
 * that fills several minutes of the 500-events-a-minute budget, within Forge's 900 s cap.
 */
export function triggerRetryFor(error: unknown, retryCount: number): TriggerRetry {
  const rateLimited = error instanceof QueueRateLimitedError;
  const base = rateLimited ? 60 : 30;
  return {
    retry: true,
    retryAfterSeconds: Math.min(900, base * 2 ** Math.min(retryCount, 4)),
    reason: rateLimited ? 'queue-rate-limited' : 'not-queued',
  };
}

/** Runs a trigger; a failure becomes the retry to ask the platform for, never a silent loss. */
export async function runTrigger(
  log: Log,
  name: string,
  event: unknown,
  run: () => Promise<TriggerOutcome>,
): Promise<TriggerOutcome | TriggerRetry> {
  try {
    return await run();
  } catch (error) {
    const retry = triggerRetryFor(error, retryCountOf(event));
    log.event('warn', `${name}.retry-requested`, {
      reason: retry.reason,
      retryAfterSeconds: retry.retryAfterSeconds,
      retryCount: retryCountOf(event),
      error: error instanceof Error ? error.name : typeof error,
    });
    return retry;
  }
}
