// POST /rest/servicedeskapi/request/{key}/comment {"body":"text","public":bool}: the JSM way to
// comment in plain text. Unlicensed users (and possibly the app) may only add internal comments
// here (forge-platform.md section 12, item 2); the workflow uses addComment (ADF) instead.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath } from './path';
import { JiraIdSchema } from './schemas';

const CreatedSchema = z.looseObject({ id: JiraIdSchema });

/** Returns the new comment's id. */
export async function addRequestComment(
  jira: Jira,
  issueKey: string,
  comment: { body: string; public: boolean },
): Promise<string> {
  const { data } = await jiraCall(
    jira,
    'POST',
    jiraPath`/rest/servicedeskapi/request/${issueKey}/comment`,
    CreatedSchema,
    {
      body: comment.body,
      public: comment.public,
    },
  );
  return data.id;
}
