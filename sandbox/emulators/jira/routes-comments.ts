// GET and POST /rest/api/3/issue/{issueIdOrKey}/comment. The `sd.public.comment` comment
// property decides whether a JSM comment is internal, and is kept like any comment property.
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
import { APP_ACCOUNT_ID } from './model';

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
  const withProperties = (ctx.query.get('expand') ?? '').split(',').includes('properties');
  const page = ordered.slice(startAt, startAt + pageSize);
  return {
    status: 200,
    body: {
      startAt,
      maxResults: pageSize,
      total: issue.comments.length,
      comments: page.map((c) => renderComment(ctx.site, c, withProperties)),
    },
  };
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
];
