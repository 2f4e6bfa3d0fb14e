// GET and PUT /rest/api/3/issue/{issueIdOrKey}, POST /rest/api/3/issue.
import { fieldDefinitions } from './fields';
import { parseIssueFields } from './issue-fields';
import { issueFieldValues } from './render';
import {
  asObject,
  issueNotFound,
  jiraError,
  route,
  type RequestContext,
  type Reply,
  type Route,
} from './router';
import { APP_ACCOUNT_ID } from './model';

/** `fields=a,b` (also repeated), `*all`/`*navigable`, and `-x` to leave one out. */
function selectFields(all: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const tokens = query
    .getAll('fields')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const include = tokens.filter((t) => !t.startsWith('-'));
  const exclude = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const everything = include.length === 0 || include.includes('*all') || include.includes('*navigable');
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(all)) {
    if (exclude.has(id)) continue;
    if (everything || include.includes(id)) out[id] = value;
  }
  return out;
}

function getIssue(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const fields = selectFields(issueFieldValues(ctx.site, issue), ctx.query);
  const expand = (ctx.query.get('expand') ?? '').split(',').map((e) => e.trim());
  const body: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${ctx.site.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  const defs = fieldDefinitions(ctx.site).filter((d) => d.id in fields);
  if (expand.includes('names')) body.names = Object.fromEntries(defs.map((d) => [d.id, d.name]));
  if (expand.includes('schema')) body.schema = Object.fromEntries(defs.map((d) => [d.id, d.schema]));
  body.fields = fields;
  return { status: 200, body };
}

function createIssue(ctx: RequestContext): Reply {
  const { site } = ctx;
  const fields = asObject(asObject(ctx.body)?.fields);
  if (!fields) return jiraError(400, ['Issue create needs a "fields" object.']);
  const { values, errors } = parseIssueFields(site, ctx.adf, fields, 'create');
  if (Object.keys(errors).length || !values.project || !values.issueTypeId) return jiraError(400, [], errors);
  const issue = site.createIssue({
    project: values.project,
    issueTypeId: values.issueTypeId,
    summary: values.summary ?? '',
    description: values.description ?? null,
    reporterId: APP_ACCOUNT_ID,
    actorId: APP_ACCOUNT_ID,
    priorityId: values.priorityId,
    labels: values.labels,
    organizationIds: values.organizationIds,
    custom: values.custom,
  });
  return {
    status: 201,
    body: { id: issue.id, key: issue.key, self: `${site.baseUrl}/rest/api/3/issue/${issue.id}` },
  };
}

/** PUT /rest/api/3/issue/{key} {"fields": {...}} -> 204; `update` operations are not emulated. */
function editIssue(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const body = asObject(ctx.body);
  if (body?.update !== undefined)
    return jiraError(400, ['The emulator supports "fields" only, not "update".']);
  const fields = asObject(body?.fields);
  if (!fields) return jiraError(400, ['Issue edit needs a "fields" object.']);
  const { values, errors } = parseIssueFields(ctx.site, ctx.adf, fields, 'edit');
  if (Object.keys(errors).length) return jiraError(400, [], errors);
  ctx.site.editIssue(issue, values, APP_ACCOUNT_ID);
  return { status: 204 };
}

export const issueRoutes: Route[] = [
  route('GET', '/rest/api/3/issue/{issueIdOrKey}', getIssue),
  route('PUT', '/rest/api/3/issue/{issueIdOrKey}', editIssue),
  route('POST', '/rest/api/3/issue', createIssue),
];
