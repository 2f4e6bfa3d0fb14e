// Trigger avi:jira:updated:issue -> core: queues approval-gated requests once approved.
import { onIssueUpdated as coreOnIssueUpdated } from '../../core/triggers/on-issue-updated';
import { createForgePorts } from '../ports';

export async function onIssueUpdated(event: unknown): Promise<void> {
  await coreOnIssueUpdated(createForgePorts(), event);
}
