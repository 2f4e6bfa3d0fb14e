// Forge counts "the total number of async event push requests that can be made across all handlers
// originating from a single initial function invocation": 1,000, after which a push fails with
// InvocationLimitReachedError (https://developer.atlassian.com/platform/forge/limits-async-events/).
// The platform does not tell an invocation how far its chain has come, so each job carries `hops`,
// the pushes before the one that queued it, and every push from a consumer adds one.
import { MAX_PUSHES_PER_CHAIN } from './queue-errors';

/**
 * Pushes a follow-up chain may use before it stops and leaves the next check to the hourly
 * schedule, which starts a fresh chain. The rest is room for the consumer's own re-queues.
 */
export const FOLLOW_UP_CHAIN_BUDGET = 900;

/** Whether a consumer whose job was queued by push number `hops + 1` may push once more. */
export function canPushAfter(hops: number): boolean {
  return hops + 2 <= MAX_PUSHES_PER_CHAIN;
}
