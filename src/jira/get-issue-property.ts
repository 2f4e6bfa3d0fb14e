// GET /rest/api/3/issue/{key}/properties/{propertyKey} -> { key, value }. The portal's
// request-create panel stores its data as an issue property (forge-platform.md addendum).
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { JiraNotFoundError } from './errors';
import { jiraPath } from './path';

const PropertySchema = z.looseObject({ key: z.string(), value: z.unknown() });

/**
 * The property's value, or undefined when the issue has no such property. Jira answers 404 both
 * for a missing property and a missing issue; callers that must tell them apart read the issue.
 */
export async function getIssueProperty(jira: Jira, issueKey: string, propertyKey: string): Promise<unknown> {
  try {
    const { data } = await jiraCall(
      jira,
      'GET',
      jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
      PropertySchema,
    );
    return data.value;
  } catch (error) {
    if (error instanceof JiraNotFoundError) return undefined;
    throw error;
  }
}
