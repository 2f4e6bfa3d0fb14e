// Trigger avi:jira:updated:issue -> core: queues approval-gated requests once approved; when it could
// not queue, the platform is asked to deliver the event again.
import type { InvocationError } from '@forge/events';
import { onIssueUpdated as coreOnIssueUpdated } from '../../core/triggers/on-issue-updated';
import { runTrigger } from '../../core/triggers/trigger-retry';
import { createForgePorts } from '../ports';
import { asInvocationError } from './on-issue-created';

export async function onIssueUpdated(event: unknown): Promise<InvocationError | undefined> {
  const ports = createForgePorts();
  const result = await runTrigger(ports.log, 'trigger.updated', event, () =>
    coreOnIssueUpdated(ports, event),
  );
  return typeof result === 'object' ? asInvocationError(result) : undefined;
}
