// Trigger avi:jira:created:issue -> core. Thin: the core filters, dedupes and queues; when it could
// not queue, the platform is asked to deliver the event again (InvocationError with retryAfter).
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { onIssueCreated as coreOnIssueCreated } from '../../core/triggers/on-issue-created';
import { runTrigger, type TriggerRetry } from '../../core/triggers/trigger-retry';
import { createForgePorts } from '../ports';

export async function onIssueCreated(event: unknown): Promise<InvocationError | undefined> {
  const ports = createForgePorts();
  const result = await runTrigger(ports.log, 'trigger.created', event, () =>
    coreOnIssueCreated(ports, event),
  );
  return typeof result === 'object' ? asInvocationError(result) : undefined;
}

/** https://developer.atlassian.com/platform/forge/events-reference/product_events/ (retries). */
export function asInvocationError(retry: TriggerRetry): InvocationError {
  return new InvocationError({
    retryAfter: retry.retryAfterSeconds,
    retryReason:
      retry.reason === 'queue-rate-limited'
        ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED
        : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
