// GET /rest/api/3/priority: the site's priorities (names differ between sites, so the
// offline-app configuration picks from these).
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { JiraIdSchema } from './schemas';

const PrioritySchema = z.looseObject({ id: JiraIdSchema, name: z.string() });
export type JiraPriority = z.infer<typeof PrioritySchema>;

export async function listPriorities(jira: Jira): Promise<JiraPriority[]> {
  const { data } = await jiraCall(jira, 'GET', '/rest/api/3/priority', z.array(PrioritySchema));
  return data;
}
