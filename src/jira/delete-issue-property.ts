// DELETE /rest/api/3/issue/{key}/properties/{propertyKey} -> 204. Deleting is idempotent here:
// a property that is already gone (404) counts as deleted, so a retried job does not fail.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { JiraNotFoundError } from './errors';
import { jiraPath } from './path';

/** Returns true when this call deleted the property, false when it was not there. */
export async function deleteIssueProperty(
  jira: Jira,
  issueKey: string,
  propertyKey: string,
): Promise<boolean> {
  try {
    await jiraCall(
      jira,
      'DELETE',
      jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
      z.unknown(),
    );
    return true;
  } catch (error) {
    if (error instanceof JiraNotFoundError) return false;
    throw error;
  }
}
