// PUT /rest/api/3/issue/{key} {"fields": {...}} -> 204: sets fields of an existing issue, in the
// same REST shapes as create (e.g. { priority: { name: 'High' } }).
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath } from './path';

export async function editIssue(
  jira: Jira,
  issueKey: string,
  fields: Record<string, unknown>,
): Promise<void> {
  await jiraCall(jira, 'PUT', jiraPath`/rest/api/3/issue/${issueKey}`, z.unknown(), { fields });
}
