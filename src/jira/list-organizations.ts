// GET /rest/servicedeskapi/organization: every JSM organization of the site, all pages. The
// admin page offers these when mapping organizations to Entra tenants.
import type { Jira } from '../core/ports';
import { collectJsmPages } from './jsm-pages';
import { JiraOrganizationSchema, type JiraOrganization } from './schemas';

export async function listOrganizations(jira: Jira): Promise<JiraOrganization[]> {
  return collectJsmPages(jira, '/rest/servicedeskapi/organization', {}, JiraOrganizationSchema);
}
