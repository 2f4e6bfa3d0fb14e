// POST /rest/api/3/comment/list?expand=properties: comments by id with their properties, the
// documented way to read comment properties for many comments at once. At most 1,000 ids a call
// (IssueCommentListRequestBean); ids Jira does not return (deleted, not visible) are left out.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-comment-list-post
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { CommentSchema, toJiraComment, type JiraComment } from './list-comments';

export const MAX_IDS_PER_CALL = 1000;

const WithProperties = CommentSchema.extend({
  properties: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).optional(),
});

const PageSchema = z.looseObject({
  isLast: z.boolean().optional(),
  values: z.array(WithProperties),
});

export async function getCommentsByIds(
  jira: Jira,
  ids: readonly string[],
): Promise<(JiraComment & { properties: Record<string, unknown> })[]> {
  const out: (JiraComment & { properties: Record<string, unknown> })[] = [];
  let remaining = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
  while (remaining.length > 0) {
    const chunk = remaining.slice(0, MAX_IDS_PER_CALL);
    const { data } = await jiraCall(jira, 'POST', '/rest/api/3/comment/list?expand=properties', PageSchema, {
      ids: chunk.map(Number),
    });
    for (const c of data.values) {
      const properties = Object.fromEntries((c.properties ?? []).map((p) => [p.key, p.value]));
      out.push({ ...toJiraComment(c), properties });
    }
    // The answer is paged, with no documented way to ask for a next page: ask again for the ids of
    // a partial page that did not come back. A full answer, or no progress, ends the chunk.
    const seen = new Set(data.values.map((c) => c.id));
    const missing = data.isLast === false && seen.size > 0 ? chunk.filter((id) => !seen.has(id)) : [];
    remaining = [...missing, ...remaining.slice(chunk.length)];
  }
  return out;
}
