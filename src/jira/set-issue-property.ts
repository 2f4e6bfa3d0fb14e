// PUT /rest/api/3/issue/{key}/properties/{propertyKey} with the value as the JSON body. Jira
// answers 201 when it created the property and 200 when it replaced it; values are limited to
// 32 KB (https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/).
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath } from './path';

/** Returns true when the property was created, false when an existing one was replaced. */
export async function setIssueProperty(
  jira: Jira,
  issueKey: string,
  propertyKey: string,
  value: unknown,
): Promise<boolean> {
  const { status } = await jiraCall(
    jira,
    'PUT',
    jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
    z.unknown(),
    value,
  );
  return status === 201;
}
