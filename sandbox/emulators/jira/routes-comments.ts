// GET and POST /rest/api/3/issue/{issueIdOrKey}/comment, and POST /rest/api/3/comment/list (comments
// by id, the documented way to read comment properties in bulk). The `sd.public.comment` comment
// property decides whether a JSM comment is internal, and is kept like any comment property.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/
import { plainTextOf } from './adf';
import { renderComment } from './render';
import {
  asObject,
  intParam,
  issueNotFound,
  jiraError,
  route,
  type RequestContext,
  type Reply,
  type Route,
} from './router';
import { APP_ACCOUNT_ID, type Comment } from './model';
import type { JiraSite } from './site';

export const PUBLIC_COMMENT_PROPERTY = 'sd.public.comment';

function listComments(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const startAt = intParam(ctx.query, 'startAt', 0);
  const maxResults = intParam(ctx.query, 'maxResults', 50);
  if (!(startAt >= 0) || !(maxResults >= 0))
    return jiraError(400, ['startAt and maxResults must be non-negative integers.']);
  const pageSize = Math.min(maxResults, 5000);
  const ordered = ctx.query.get('orderBy') === '-created' ? [...issue.comments].reverse() : issue.comments;
  // Documented: `renderedBody` only. Anything else (`properties` included) per the site's setting.
  const expand = expandValues(ctx.query);
  const undocumented = expand.filter((e) => e !== 'renderedBody');
  if (undocumented.length > 0 && ctx.site.settings.undocumentedCommentExpand === 'reject')
    return jiraError(400, [`expand=${undocumented.join(',')} is not supported here: use renderedBody.`]);
  const page = ordered.slice(startAt, startAt + pageSize);
  return {
    status: 200,
    body: {
      startAt,
      maxResults: pageSize,
      total: issue.comments.length,
      comments: page.map((c) =>
        render(ctx.site, c, { properties: false, renderedBody: expand.includes('renderedBody') }),
      ),
    },
  };
}

/** The documented limit of POST /rest/api/3/comment/list (IssueCommentListRequestBean.ids). */
export const MAX_COMMENT_IDS = 1000;

function commentsByIds(ctx: RequestContext): Reply {
  const body = asObject(ctx.body);
  const ids = body?.ids;
  if (!Array.isArray(ids)) return jiraError(400, ['ids: a list of comment ids is required.']);
  if (ids.length > MAX_COMMENT_IDS)
    return jiraError(400, [`A maximum of ${MAX_COMMENT_IDS} comment IDs can be specified.`]);
  const expand = expandValues(ctx.query);
  const unknown = expand.filter((e) => e !== 'renderedBody' && e !== 'properties');
  if (unknown.length > 0)
    return jiraError(400, [
      `expand=${unknown.join(',')} is not supported here: use renderedBody or properties.`,
    ]);
  const wanted = new Set(ids.map(String));
  // Comments the caller may see, in id order; unknown ids are left out rather than refused.
  const found = allComments(ctx.site).filter((c) => wanted.has(c.id));
  const options = {
    properties: expand.includes('properties'),
    renderedBody: expand.includes('renderedBody'),
  };
  return {
    status: 200,
    body: {
      // One page holds every id asked for (the documented example shows maxResults 1048576).
      maxResults: 1048576,
      startAt: 0,
      total: found.length,
      isLast: true,
      values: found.map((c) => render(ctx.site, c, options)),
    },
  };
}

function expandValues(query: URLSearchParams): string[] {
  return (query.get('expand') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

function allComments(site: JiraSite): Comment[] {
  return [...site.issues.values()]
    .flatMap((issue) => issue.comments)
    .sort((a, b) => Number(a.id) - Number(b.id));
}

function render(site: JiraSite, comment: Comment, options: { properties: boolean; renderedBody: boolean }) {
  const out = renderComment(site, comment, options.properties);
  if (options.renderedBody) out.renderedBody = `<p>${escapeHtml(plainTextOf(comment.body))}</p>`;
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function addComment(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const body = asObject(ctx.body);
  if (!body || body.body === undefined || body.body === null)
    return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  const problems = ctx.adf(body.body);
  if (problems.length)
    return jiraError(400, [`Comment body is not valid Atlassian Document Format: ${problems.join('; ')}`]);
  const properties = new Map<string, unknown>();
  if (body.properties !== undefined) {
    if (!Array.isArray(body.properties))
      return jiraError(400, ['Comment properties must be a list of {key, value}.']);
    for (const p of body.properties) {
      const entry = asObject(p);
      if (!entry || typeof entry.key !== 'string' || entry.key.length === 0 || entry.key.length > 255) {
        return jiraError(400, ['Each comment property needs a key of 1-255 characters.']);
      }
      properties.set(entry.key, entry.value);
    }
  }
  const visibility = asObject(asObject(properties.get(PUBLIC_COMMENT_PROPERTY)));
  const internal = visibility?.internal === true;
  const comment = ctx.site.addComment(issue, {
    body: body.body,
    internal,
    authorId: APP_ACCOUNT_ID,
    properties,
  });
  return { status: 201, body: renderComment(ctx.site, comment, false) };
}

export const commentRoutes: Route[] = [
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/comment', listComments),
  route('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', addComment),
  route('POST', '/rest/api/3/comment/list', commentsByIds),
];
