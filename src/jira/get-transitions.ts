// GET /rest/api/3/issue/{key}/transitions: the transitions the issue offers in its current status.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath } from './path';
import { JiraIdSchema, JiraStatusSchema, type JiraStatus } from './schemas';

export interface JiraTransition {
  id: string;
  name: string;
  /** The status the transition leads to. */
  to?: JiraStatus;
}

const TransitionsSchema = z.looseObject({
  transitions: z.array(
    z.looseObject({ id: JiraIdSchema, name: z.string(), to: JiraStatusSchema.optional() }),
  ),
});

export async function getTransitions(jira: Jira, issueKey: string): Promise<JiraTransition[]> {
  const { data } = await jiraCall(
    jira,
    'GET',
    jiraPath`/rest/api/3/issue/${issueKey}/transitions`,
    TransitionsSchema,
  );
  return data.transitions.map((t) => ({ id: t.id, name: t.name, to: t.to }));
}
