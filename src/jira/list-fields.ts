// GET /rest/api/3/field: every system and custom field of the site (not paged).
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';

export const JiraFieldSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z
    .looseObject({
      type: z.string(),
      items: z.string().optional(),
      system: z.string().optional(),
      /** The custom field type key, e.g. com.atlassian.servicedesk:vp-origin. */
      custom: z.string().optional(),
      customId: z.number().optional(),
    })
    .optional(),
});
export type JiraField = z.infer<typeof JiraFieldSchema>;

export async function listFields(jira: Jira): Promise<JiraField[]> {
  const { data } = await jiraCall(jira, 'GET', '/rest/api/3/field', z.array(JiraFieldSchema));
  return data;
}
