// The queue's refusals as core sees them, whatever the adapter. The Forge adapter maps
// @forge/events' RateLimitError and InvocationLimitReachedError to these; the sandbox's memory
// queue throws subclasses of them that carry Forge's own class names and messages.
// Limits: https://developer.atlassian.com/platform/forge/limits-async-events/
import { AccessBridgeError, RetryLaterError } from '../../graph/errors';

/**
 * More than 500 events pushed in a minute for this installation. Atlassian's advice is to "retry
 * adding events after a minute" (https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api-error-handling/).
 */
export const QUEUE_RATE_LIMIT_RETRY_MS = 60_000;

export class QueueRateLimitedError extends RetryLaterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, QUEUE_RATE_LIMIT_RETRY_MS, options);
  }
}

/**
 * The chain of invocations this push belongs to has made its 1,000 pushes: nothing more can be
 * pushed from it. Only a fresh invocation (a trigger, the hourly schedule) starts a new chain.
 */
export class QueueChainLimitError extends AccessBridgeError {
  readonly code = 'queue_chain_limit' as const;
}

/** The documented cyclic-invocation limit: push requests per chain of invocations. */
export const MAX_PUSHES_PER_CHAIN = 1000;
