// GET /rest/api/3/issue/{key}/comment?startAt=&maxResults=&expand=properties, all pages.
// Internal or public: Jira reports `jsdPublic` on JSM issues; the `sd.public.comment` property
// (returned with expand=properties) is the same fact as the app set it.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { jiraPath, withQuery } from './path';
import { PUBLIC_COMMENT_PROPERTY } from './add-comment';
import { JiraIdSchema, JiraUserSchema, type JiraUser } from './schemas';

export interface JiraComment {
  id: string;
  /** ADF document. */
  body: unknown;
  author?: JiraUser;
  created?: string;
  internal: boolean;
  properties: Record<string, unknown>;
}

const PageSize = 100;
const MAX_PAGES = 1000;

const CommentSchema = z.looseObject({
  id: JiraIdSchema,
  body: z.unknown(),
  author: JiraUserSchema.optional(),
  created: z.string().optional(),
  jsdPublic: z.boolean().optional(),
  properties: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).optional(),
});

const PageSchema = z.looseObject({
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
  comments: z.array(CommentSchema),
});

export async function listComments(jira: Jira, issueKey: string): Promise<JiraComment[]> {
  const out: JiraComment[] = [];
  let startAt = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const path = withQuery(jiraPath`/rest/api/3/issue/${issueKey}/comment`, {
      startAt,
      maxResults: PageSize,
      expand: 'properties',
    });
    const { data } = await jiraCall(jira, 'GET', path, PageSchema);
    for (const c of data.comments) {
      const properties = Object.fromEntries((c.properties ?? []).map((p) => [p.key, p.value]));
      const flag = properties[PUBLIC_COMMENT_PROPERTY] as { internal?: unknown } | undefined;
      const internal = c.jsdPublic !== undefined ? !c.jsdPublic : flag?.internal === true;
      out.push({ id: c.id, body: c.body, author: c.author, created: c.created, internal, properties });
    }
    startAt += data.comments.length;
    if (data.comments.length === 0 || startAt >= data.total) break;
  }
  return out;
}
