// GET /rest/servicedeskapi/organization?accountId=...&start=..&limit=50: the JSM organizations a
// customer belongs to, all pages. JSM documents "Permissions required: Any. However, to fetch
// organizations based on accountId the user must have a Service Desk agent license"
// (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-organization/#api-rest-servicedeskapi-organization-get).
// Whether the app user counts is not documented: the call may answer, be refused (403), or ignore
// the filter and list every organization. Never trust the answer alone: core/access-request/
// reporter-organizations.ts probes which of the three this site does first.
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { collectJsmPages } from './jsm-pages';
import { withQuery } from './path';
import { JiraOrganizationSchema, jsmPageSchema, type JiraOrganization } from './schemas';

export async function listOrganizationsOfCustomer(
  jira: Jira,
  accountId: string,
): Promise<JiraOrganization[]> {
  return collectJsmPages(jira, '/rest/servicedeskapi/organization', { accountId }, JiraOrganizationSchema);
}

/** Whether the filtered list for this account has any organization at all: one page of one item. */
export async function hasAnyOrganization(jira: Jira, accountId: string): Promise<boolean> {
  const { data } = await jiraCall(
    jira,
    'GET',
    withQuery('/rest/servicedeskapi/organization', { accountId, start: 0, limit: 1 }),
    jsmPageSchema(JiraOrganizationSchema),
  );
  return data.values.length > 0;
}
