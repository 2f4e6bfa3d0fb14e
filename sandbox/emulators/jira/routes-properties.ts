// Issue properties: GET .../properties, GET/PUT/DELETE .../properties/{propertyKey}.
// Limits from https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/:
// keys up to 255 characters, values up to 32768 characters of JSON.
import { issueNotFound, jiraError, route, type RequestContext, type Reply, type Route } from './router';

const MAX_KEY = 255;
const MAX_VALUE = 32_768;

function notFound(key: string): Reply {
  return jiraError(404, [`The property with key '${key}' does not exist.`]);
}

function listKeys(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const keys = [...issue.properties.keys()].map((key) => ({
    self: `${ctx.site.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
    key,
  }));
  return { status: 200, body: { keys } };
}

function getProperty(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const key = ctx.params.propertyKey ?? '';
  if (!issue.properties.has(key)) return notFound(key);
  return { status: 200, body: { key, value: issue.properties.get(key) } };
}

function setProperty(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const key = ctx.params.propertyKey ?? '';
  if (key.length > MAX_KEY)
    return jiraError(400, [`The property key is too long: at most ${MAX_KEY} characters.`]);
  if (ctx.body === undefined) return jiraError(400, ['The property value must be valid JSON.']);
  if (JSON.stringify(ctx.body).length > MAX_VALUE) {
    return jiraError(400, [`The property value exceeds the maximum length of ${MAX_VALUE} characters.`]);
  }
  const existed = issue.properties.has(key);
  issue.properties.set(key, structuredClone(ctx.body));
  return { status: existed ? 200 : 201 };
}

function deleteProperty(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const key = ctx.params.propertyKey ?? '';
  if (!issue.properties.delete(key)) return notFound(key);
  return { status: 204 };
}

export const propertyRoutes: Route[] = [
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', listKeys),
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', getProperty),
  route('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', setProperty),
  route('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', deleteProperty),
];
