// GET /rest/api/3/user/email?accountId=: a user's email address regardless of their profile
// visibility. For Forge apps it answers asApp() requests only and needs the scope
// read:email-address:jira (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-email-get).
// Returns undefined when the account has no email; errors (scope missing 401/403, "app not
// approved" 400, unknown user 404, API disabled 503) are thrown for the caller to fall back.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { withQuery } from './path';

const UnrestrictedUserEmailSchema = z.looseObject({
  accountId: z.string().optional(),
  email: z.string().nullish(),
});

export async function getUserEmail(jira: Jira, accountId: string): Promise<string | undefined> {
  const { data } = await jiraCall(
    jira,
    'GET',
    withQuery('/rest/api/3/user/email', { accountId }),
    UnrestrictedUserEmailSchema,
  );
  return data.email?.trim() || undefined;
}
