// GET /rest/api/3/user?accountId=: a user's profile. `emailAddress` is absent when the user's
// profile visibility hides it from apps; JSM's request reporter (getCustomerRequest) or
// organization users (listOrganizationUsers) then still show it for customers.
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { withQuery } from './path';
import { JiraUserSchema, type JiraUser } from './schemas';

export async function getUser(jira: Jira, accountId: string): Promise<JiraUser> {
  const { data } = await jiraCall(jira, 'GET', withQuery('/rest/api/3/user', { accountId }), JiraUserSchema);
  return data;
}
