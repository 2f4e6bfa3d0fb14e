// GET /rest/servicedeskapi/organization?accountId=...&start=..&limit=50: the JSM organizations a
// customer belongs to, all pages (forge-platform.md section 9). The docs say filtering by
// accountId needs an agent licence; if the app gets 403 here, read the Organizations field of
// the request instead (getIssue with the field found by findFieldIdsByType).
import type { Jira } from '../core/ports';
import { collectJsmPages } from './jsm-pages';
import { JiraOrganizationSchema, type JiraOrganization } from './schemas';

export async function listOrganizationsOfCustomer(
  jira: Jira,
  accountId: string,
): Promise<JiraOrganization[]> {
  return collectJsmPages(jira, '/rest/servicedeskapi/organization', { accountId }, JiraOrganizationSchema);
}
