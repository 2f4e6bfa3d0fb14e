// POST /rest/api/3/issue/{key}/comment with an ADF body. On a JSM request the comment property
// `sd.public.comment` = {internal: true} makes it internal (agents only); without it, or with
// internal: false, the customer sees it (forge-platform.md section 9, "Platform comment").
// Extra comment properties (e.g. the app's effect key) let a retry find a comment it already
// posted (listComments returns them).
import * as z from 'zod';
import type { Jira } from '../core/ports';
import type { AdfDoc } from './adf';
import { jiraCall } from './call';
import { jiraPath } from './path';
import { JiraIdSchema } from './schemas';

export const PUBLIC_COMMENT_PROPERTY = 'sd.public.comment';

export interface NewComment {
  adf: AdfDoc;
  internal: boolean;
  /** More comment properties; `sd.public.comment` is set from `internal` and must not be here. */
  properties?: { key: string; value: unknown }[];
}

const CreatedCommentSchema = z.looseObject({ id: JiraIdSchema });

/** Returns the new comment's id. */
export async function addComment(jira: Jira, issueKey: string, comment: NewComment): Promise<string> {
  const extra = (comment.properties ?? []).filter((p) => p.key !== PUBLIC_COMMENT_PROPERTY);
  const body = {
    body: comment.adf,
    properties: [{ key: PUBLIC_COMMENT_PROPERTY, value: { internal: comment.internal } }, ...extra],
  };
  const { data } = await jiraCall(
    jira,
    'POST',
    jiraPath`/rest/api/3/issue/${issueKey}/comment`,
    CreatedCommentSchema,
    body,
  );
  return data.id;
}
