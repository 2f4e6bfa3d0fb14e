// Trigger avi:jira:created:issue -> core. Thin: the core filters, dedupes and queues.
import { onIssueCreated as coreOnIssueCreated } from '../../core/triggers/on-issue-created';
import { createForgePorts } from '../ports';

export async function onIssueCreated(event: unknown): Promise<void> {
  await coreOnIssueCreated(createForgePorts(), event);
}
