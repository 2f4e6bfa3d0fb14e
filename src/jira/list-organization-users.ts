// GET /rest/servicedeskapi/organization/{id}/user: the customers of one organization, all pages.
// JSM returns customers' email addresses here even when the platform API hides them.
import type { Jira } from '../core/ports';
import { collectJsmPages } from './jsm-pages';
import { jiraPath } from './path';
import { JiraUserSchema, type JiraUser } from './schemas';

export async function listOrganizationUsers(jira: Jira, organizationId: string): Promise<JiraUser[]> {
  return collectJsmPages(
    jira,
    jiraPath`/rest/servicedeskapi/organization/${organizationId}/user`,
    {},
    JiraUserSchema,
  );
}
