// GET /rest/api/3/myself: the account the app acts as (asApp). A cheap "can we reach Jira" check.
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { JiraUserSchema, type JiraUser } from './schemas';

export async function getMyself(jira: Jira): Promise<JiraUser> {
  const { data } = await jiraCall(jira, 'GET', '/rest/api/3/myself', JiraUserSchema);
  return data;
}
