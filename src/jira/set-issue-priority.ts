// Raises (or lowers) a ticket's priority by name, e.g. an offline-app ticket whose Entra wait is
// close to its timeout. Names differ between sites: listPriorities shows the site's own.
import type { Jira } from '../core/ports';
import { editIssue } from './edit-issue';

export async function setIssuePriority(jira: Jira, issueKey: string, priorityName: string): Promise<void> {
  await editIssue(jira, issueKey, { priority: { name: priorityName } });
}
