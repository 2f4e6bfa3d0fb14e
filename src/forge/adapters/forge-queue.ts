// The Queue port over @forge/events (forge-platform.md section 3). The key must equal the consumer's
// `queue` in manifest.yml. Delivery is at least once: consumers guard every side effect.
import {
  InvocationLimitReachedError,
  Queue as ForgeQueue,
  RateLimitError,
  type PushEvent,
} from '@forge/events';
import type { Queue, QueueJob } from '../../core/ports';
import { QueueChainLimitError, QueueRateLimitedError } from '../../core/queue/queue-errors';
import { AccessBridgeError } from '../../graph/errors';

export const WORK_QUEUE_KEY = 'work-queue';

/** Per push: at most 50 events and 200 KB of JSON (@forge/events validators.js). */
export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 200 * 1024;
/** Per event when the consumer's timeout is above 55 s, as ours is (900 s). */
export const MAX_EVENT_BYTES = 100 * 1024;
export const MAX_DELAY_SECONDS = 900;

export class QueueJobTooLargeError extends AccessBridgeError {
  readonly code = 'queue_job_too_large' as const;
}

/** 0..900 whole seconds; anything else (NaN, negative, fractions) is brought into range. */
export function clampDelay(delaySeconds: number | undefined): number {
  if (delaySeconds === undefined || !Number.isFinite(delaySeconds)) return 0;
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
}

/** Splits events into pushes that each respect the count and byte limits, in order. */
export function chunkEvents<T>(events: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 2; // the array's brackets
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event));
    if (size > MAX_EVENT_BYTES) {
      throw new QueueJobTooLargeError(
        `A queue job of ${size} bytes exceeds the ${MAX_EVENT_BYTES}-byte limit per event; put ids in the job and fetch the data in the consumer.`,
      );
    }
    const added = size + (current.length > 0 ? 1 : 0);
    if (current.length >= MAX_EVENTS_PER_PUSH || bytes + added > MAX_PUSH_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    bytes += size + (current.length > 0 ? 1 : 0);
    current.push(event);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function createForgeQueue(key: string = WORK_QUEUE_KEY): Queue {
  const queue = new ForgeQueue({ key });
  return {
    async push(jobs: QueueJob[], options?: { delaySeconds?: number }): Promise<void> {
      const delayInSeconds = clampDelay(options?.delaySeconds);
      const events: PushEvent[] = jobs.map((job) => ({ body: { ...job }, delayInSeconds }));
      // Sequential: a failed push stops the rest, and the caller's retry pushes all again, which
      // the consumers' idempotency keys absorb.
      try {
        for (const chunk of chunkEvents(events)) await queue.push(chunk);
      } catch (error) {
        throw asCoreQueueError(error);
      }
    },
  };
}

/**
 * The refusals core acts on, in core's terms (https://developer.atlassian.com/platform/forge/limits-async-events/):
 * over 500 events a minute -> retry in a minute; the chain's 1,000 pushes spent -> only a fresh
 * invocation can push. Anything else is rethrown as it is.
 */
export function asCoreQueueError(error: unknown): unknown {
  if (error instanceof RateLimitError)
    return new QueueRateLimitedError('The queue refused the push: over 500 events a minute.', {
      cause: error,
    });
  if (error instanceof InvocationLimitReachedError)
    return new QueueChainLimitError(
      'The queue refused the push: 1,000 pushes in this chain of invocations.',
      {
        cause: error,
      },
    );
  return error;
}
