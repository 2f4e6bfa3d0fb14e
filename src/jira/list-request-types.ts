// GET /rest/servicedeskapi/servicedesk/{id}/requesttype, all pages: which request types mean
// "grant" and "remove" is chosen from these on the admin page.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { collectJsmPages } from './jsm-pages';
import { jiraPath } from './path';
import { JiraIdSchema } from './schemas';

const RequestTypeSchema = z.looseObject({
  id: JiraIdSchema,
  name: z.string(),
  description: z.string().optional(),
  issueTypeId: JiraIdSchema.optional(),
  serviceDeskId: JiraIdSchema.optional(),
});
export type RequestType = z.infer<typeof RequestTypeSchema>;

export async function listRequestTypes(jira: Jira, serviceDeskId: string): Promise<RequestType[]> {
  return collectJsmPages(
    jira,
    jiraPath`/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype`,
    {},
    RequestTypeSchema,
  );
}
