// GET /rest/api/3/issue/{key}/comment?startAt=&maxResults=&orderBy=, all pages (or, newest first,
// until the comments are older than `createdSince`). The documented `expand` here is only
// `renderedBody`, so comment properties are not read here: getCommentsByIds reads them.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get
// Internal or public: Jira reports `jsdPublic` on every comment ("Whether the comment is visible
// in Jira Service Desk"); false means internal.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath, withQuery } from './path';
import { JiraIdSchema, JiraUserSchema, type JiraUser } from './schemas';

export interface JiraComment {
  id: string;
  /** ADF document. */
  body: unknown;
  author?: JiraUser;
  created?: string;
  internal: boolean;
}

const PageSize = 100;
const MAX_PAGES = 1000;

export const CommentSchema = z.looseObject({
  id: JiraIdSchema,
  body: z.unknown(),
  author: JiraUserSchema.optional(),
  created: z.string().optional(),
  jsdPublic: z.boolean().optional(),
});

const PageSchema = z.looseObject({
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
  comments: z.array(CommentSchema),
});

export function toJiraComment(c: z.infer<typeof CommentSchema>): JiraComment {
  return { id: c.id, body: c.body, author: c.author, created: c.created, internal: c.jsdPublic === false };
}

export async function listComments(
  jira: Jira,
  issueKey: string,
  options: { createdSince?: number } = {},
): Promise<JiraComment[]> {
  const { createdSince } = options;
  const out: JiraComment[] = [];
  let startAt = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const path = withQuery(jiraPath`/rest/api/3/issue/${issueKey}/comment`, {
      startAt,
      maxResults: PageSize,
      orderBy: createdSince === undefined ? undefined : '-created',
    });
    const { data } = await jiraCall(jira, 'GET', path, PageSchema);
    let older = false;
    for (const c of data.comments) {
      const created = c.created === undefined ? NaN : Date.parse(c.created);
      if (createdSince !== undefined && created < createdSince) older = true;
      else out.push(toJiraComment(c));
    }
    startAt += data.comments.length;
    if (older || data.comments.length === 0 || startAt >= data.total) break;
  }
  return out;
}
