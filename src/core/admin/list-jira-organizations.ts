// The site's JSM organizations, for mapping them to tenants (read as the app: the caller was
// checked to be a Jira administrator before any admin operation runs).
import * as z from 'zod';
import { listOrganizations } from '../../jira';
import { adminOperation } from './deps';

export const listJiraOrganizations = adminOperation({
  input: z.object({}),
  async run(deps): Promise<{ id: string; name: string }[]> {
    return (await listOrganizations(deps.jira))
      .map((o) => ({ id: o.id, name: o.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
});
