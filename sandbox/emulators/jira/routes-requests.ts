// JSM customer requests: POST /rest/servicedeskapi/request, GET .../request/{key},
// POST .../request/{key}/comment ({"body": "text", "public": bool}).
import { customFieldValue } from './custom-values';
import { adfFromText } from './adf';
import { PRIORITIES } from './model';
import { renderJsmComment, renderRequest, renderWikiMarkup } from './render';
import { asObject, jsmError, route, type RequestContext, type Reply, type Route } from './router';
import { APP_ACCOUNT_ID } from './model';

function requestOf(ctx: RequestContext) {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  return issue && issue.requestTypeId ? issue : undefined;
}

function createRequest(ctx: RequestContext): Reply {
  const { site } = ctx;
  const body = asObject(ctx.body);
  if (!body) return jsmError(400, 'The request body must be a JSON object.');
  const desk = site.serviceDesks.get(String(body.serviceDeskId ?? ''));
  if (!desk) return jsmError(404, 'The service desk does not exist.');
  const requestType = site.requestTypes.get(String(body.requestTypeId ?? ''));
  if (!requestType || requestType.serviceDeskId !== desk.id)
    return jsmError(400, 'The request type does not exist in this service desk.');
  const values = asObject(body.requestFieldValues) ?? {};
  if (typeof values.summary !== 'string' || values.summary.trim() === '')
    return jsmError(400, 'Summary: You must specify a summary of the issue.');
  // `isAdfRequest: true` takes rich-text fields as ADF; otherwise they are wiki-markup strings
  // (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-post).
  const isAdf = body.isAdfRequest === true;
  if (body.isAdfRequest !== undefined && typeof body.isAdfRequest !== 'boolean')
    return jsmError(400, 'isAdfRequest: must be true or false.');
  if (values.description !== undefined) {
    if (isAdf) {
      const problems = ctx.adf(values.description);
      if (problems.length)
        return jsmError(400, `Description: not an Atlassian Document: ${problems.join('; ')}`);
    } else if (typeof values.description !== 'string') return jsmError(400, 'Description: must be text.');
  }

  let reporterId = APP_ACCOUNT_ID;
  if (body.raiseOnBehalfOf !== undefined) {
    const account = site.accounts.get(String(body.raiseOnBehalfOf));
    if (!account) return jsmError(400, `The user '${String(body.raiseOnBehalfOf)}' does not exist.`);
    reporterId = account.accountId;
  }
  let priorityId: string | undefined;
  if (values.priority !== undefined) {
    const ref = asObject(values.priority);
    priorityId = PRIORITIES.find((p) => ref && (p.id === String(ref.id) || p.name === ref.name))?.id;
    if (!priorityId) return jsmError(400, 'Priority: specify a valid priority.');
  }
  const custom = new Map<string, unknown>();
  for (const [id, value] of Object.entries(values)) {
    if (['summary', 'description', 'priority'].includes(id)) continue;
    const field = site.customFields.get(id);
    if (!field) return jsmError(400, `Field '${id}' is not on request type '${requestType.name}'.`);
    const normalised = customFieldValue(site, field, value);
    if ('error' in normalised) return jsmError(400, normalised.error);
    custom.set(id, normalised.value);
  }
  const issue = site.createIssue({
    project: site.projects.get(desk.projectId)!,
    issueTypeId: requestType.issueTypeId,
    summary: values.summary,
    description: isAdf
      ? (values.description ?? null)
      : typeof values.description === 'string' && values.description
        ? renderWikiMarkup(values.description)
        : null,
    reporterId,
    actorId: APP_ACCOUNT_ID,
    priorityId,
    requestTypeId: requestType.id,
    organizationIds: site.organizationsOf(reporterId).map((o) => o.id),
    custom,
  });
  return { status: 201, body: renderRequest(site, issue) };
}

function getRequest(ctx: RequestContext): Reply {
  const issue = requestOf(ctx);
  if (!issue) return jsmError(404, 'The request does not exist or you do not have permission to see it.');
  return { status: 200, body: renderRequest(ctx.site, issue) };
}

function addRequestComment(ctx: RequestContext): Reply {
  const issue = requestOf(ctx);
  if (!issue) return jsmError(404, 'The request does not exist or you do not have permission to see it.');
  const body = asObject(ctx.body);
  if (!body || typeof body.body !== 'string' || body.body.trim() === '')
    return jsmError(400, 'The comment body must not be empty.');
  if (body.public !== undefined && typeof body.public !== 'boolean')
    return jsmError(400, '"public" must be true or false.');
  const internal = body.public === false;
  const comment = ctx.site.addComment(issue, {
    body: adfFromText(body.body),
    internal,
    authorId: APP_ACCOUNT_ID,
    properties: new Map([['sd.public.comment', { internal }]]),
  });
  return { status: 201, body: renderJsmComment(ctx.site, comment) };
}

export const requestRoutes: Route[] = [
  route('POST', '/rest/servicedeskapi/request', createRequest),
  route('GET', '/rest/servicedeskapi/request/{issueIdOrKey}', getRequest),
  route('POST', '/rest/servicedeskapi/request/{issueIdOrKey}/comment', addRequestComment),
];
