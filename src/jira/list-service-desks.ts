// GET /rest/servicedeskapi/servicedesk, all pages: for the admin page's pickers.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { collectJsmPages } from './jsm-pages';
import { JiraIdSchema } from './schemas';

const ServiceDeskSchema = z.looseObject({
  id: JiraIdSchema,
  projectId: JiraIdSchema,
  projectKey: z.string(),
  projectName: z.string(),
});
export type ServiceDesk = z.infer<typeof ServiceDeskSchema>;

export async function listServiceDesks(jira: Jira): Promise<ServiceDesk[]> {
  return collectJsmPages(jira, '/rest/servicedeskapi/servicedesk', {}, ServiceDeskSchema);
}
