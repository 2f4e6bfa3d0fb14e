// GET /rest/api/3/user?accountId=: a user's profile. `emailAddress` is absent when the user's
// profile visibility hides it from apps (so it is on the issue reporter and JSM's user objects):
// getUserEmail (/rest/api/3/user/email) is the source that ignores visibility.
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { withQuery } from './path';
import { JiraUserSchema, type JiraUser } from './schemas';

export async function getUser(jira: Jira, accountId: string): Promise<JiraUser> {
  const { data } = await jiraCall(jira, 'GET', withQuery('/rest/api/3/user', { accountId }), JiraUserSchema);
  return data;
}
