// Forge's delivery of a product event (avi:jira:*:issue) to a trigger, as documented
// (https://developer.atlassian.com/platform/forge/events-reference/product_events/): each delivery is
// a fresh invocation; a handler that returns an InvocationError is delivered again after its
// `retryAfter` (at most 900 s), with `retryContext.retryCount`, at most 4 times. Whether a thrown
// error is retried the docs do not say: `retryThrown` is a setting, off by default (the app must
// not rely on it, and asks for its retries by value).
import type { Clock } from '../src/core/ports';
import type { TriggerOutcome } from '../src/core/triggers/on-issue-created';
import type { TriggerRetry } from '../src/core/triggers/trigger-retry';

export const MAX_PRODUCT_EVENT_RETRIES = 4;
export const MAX_RETRY_AFTER_SECONDS = 900;

export interface ProductEventOptions {
  clock: Clock;
  /** Runs one delivery as a fresh invocation (the memory queue's `invocation`). */
  invocation?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Retry a delivery whose handler threw, as if it had asked; default false. */
  retryThrown?: boolean;
}

export class ProductEventDroppedError extends Error {
  constructor(readonly retries: number) {
    super(`The product event was dropped after ${retries} retries.`);
    this.name = 'ProductEventDroppedError';
  }
}

type Handler<E> = (event: E & { retryContext?: unknown }) => Promise<TriggerOutcome | TriggerRetry>;

/** Delivers `event` until the handler takes it, or throws ProductEventDroppedError. */
export async function deliverProductEvent<E extends object>(
  event: E,
  handler: Handler<E>,
  options: ProductEventOptions,
): Promise<TriggerOutcome> {
  const invoke = options.invocation ?? (<T>(fn: () => Promise<T>) => fn());
  for (let retryCount = 0; ; retryCount += 1) {
    const delivered: E & { retryContext?: unknown } =
      retryCount === 0
        ? event
        : { ...event, retryContext: { retryCount, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: null } };
    let result: TriggerOutcome | TriggerRetry;
    try {
      result = await invoke(() => handler(structuredClone(delivered)));
    } catch (error) {
      if (!options.retryThrown) throw error;
      result = { retry: true, retryAfterSeconds: 60, reason: 'not-queued' };
    }
    if (typeof result !== 'object') return result;
    if (retryCount >= MAX_PRODUCT_EVENT_RETRIES) throw new ProductEventDroppedError(retryCount);
    await options.clock.sleep(
      Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, result.retryAfterSeconds)) * 1000,
    );
  }
}
