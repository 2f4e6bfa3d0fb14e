// GET /rest/servicedeskapi/organization/{id}/user: the customers of one organization, all pages.
// "Use this method where you want to ... determine if a user is associated with an
// organization. Permissions required: Service desk administrator or agent."
// (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-organization/#api-rest-servicedeskapi-organization-organizationid-user-get).
// Emails in the answer follow each person's profile visibility, like everywhere else.
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
