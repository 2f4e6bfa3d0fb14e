// GET /rest/api/3/issue/{key}/properties -> { keys: [{ self, key }] }: the keys of an issue's
// properties. The portal's request-create panel saves under a key Jira derives from the app id
// (its UUID part, forge-platform.md addendum), known only after `forge register`, so the workflow
// lists the keys to find it instead of hard-coding one.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-get
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath } from './path';

const KeysSchema = z.looseObject({ keys: z.array(z.looseObject({ key: z.string() })) });

export async function listIssuePropertyKeys(jira: Jira, issueKey: string): Promise<string[]> {
  const { data } = await jiraCall(
    jira,
    'GET',
    jiraPath`/rest/api/3/issue/${issueKey}/properties`,
    KeysSchema,
  );
  return data.keys.map((k) => k.key);
}
