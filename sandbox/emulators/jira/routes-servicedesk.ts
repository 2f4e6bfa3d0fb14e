// JSM directory endpoints, paged the JSM way (`start`, `limit` <= 50, `isLastPage`):
// GET /rest/servicedeskapi/organization[?accountId=], /organization/{id}/user,
// /servicedesk, /servicedesk/{id}/requesttype.
import { renderOrganization, renderUser } from './render';
import { intParam, jsmError, route, type RequestContext, type Reply, type Route } from './router';

const MAX_LIMIT = 50;

export function page<T>(ctx: RequestContext, items: T[], render: (item: T) => unknown): Reply {
  const start = intParam(ctx.query, 'start', 0);
  const requested = intParam(ctx.query, 'limit', MAX_LIMIT);
  if (!(start >= 0) || !(requested >= 1))
    return jsmError(400, 'start must be 0 or more and limit 1 or more.');
  const limit = Math.min(requested, MAX_LIMIT);
  const values = items.slice(start, start + limit).map(render);
  const isLastPage = start + values.length >= items.length;
  const links: Record<string, string> = { base: ctx.site.baseUrl, context: '' };
  if (!isLastPage) links.next = `start=${start + limit}&limit=${limit}`;
  return { status: 200, body: { size: values.length, start, limit, isLastPage, values, _links: links } };
}

// "Permissions required: Any. However, to fetch organizations based on accountId the user must
// have a Service Desk agent license." What the app user gets is a site setting (model.ts).
function listOrganizations(ctx: RequestContext): Reply {
  const accountId = ctx.query.get('accountId');
  const lookup = ctx.site.settings.organizationLookup;
  if (accountId !== null && lookup === 'refused')
    return jsmError(403, 'You do not have permission to view the organizations of this user.');
  if (accountId !== null && lookup === 'allowed' && !ctx.site.accounts.has(accountId))
    return jsmError(404, 'The user does not exist.');
  const orgs =
    accountId !== null && lookup === 'allowed'
      ? ctx.site.organizationsOf(accountId)
      : [...ctx.site.organizations.values()];
  return page(ctx, orgs, (o) => renderOrganization(ctx.site, o.id));
}

// "Permissions required: Service desk administrator or agent."
function listOrganizationUsers(ctx: RequestContext): Reply {
  if (!ctx.site.organizationUsersAllowed())
    return jsmError(403, 'You do not have permission to view the users of this organization.');
  const org = ctx.site.organizations.get(ctx.params.organizationId ?? '');
  if (!org) return jsmError(404, 'The organization does not exist.');
  const members = org.members.map((id) => ctx.site.accounts.get(id)!).filter(Boolean);
  return page(ctx, members, (a) => renderUser(ctx.site, a, 'jsm'));
}

function listServiceDesks(ctx: RequestContext): Reply {
  return page(ctx, [...ctx.site.serviceDesks.values()], (d) => {
    const project = ctx.site.projects.get(d.projectId)!;
    return {
      id: d.id,
      projectId: project.id,
      projectName: project.name,
      projectKey: project.key,
      _links: { self: `${ctx.site.baseUrl}/rest/servicedeskapi/servicedesk/${d.id}` },
    };
  });
}

function listRequestTypes(ctx: RequestContext): Reply {
  const deskId = ctx.params.serviceDeskId ?? '';
  if (!ctx.site.serviceDesks.has(deskId)) return jsmError(404, 'The service desk does not exist.');
  const types = [...ctx.site.requestTypes.values()].filter((t) => t.serviceDeskId === deskId);
  return page(ctx, types, (t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    helpText: '',
    issueTypeId: t.issueTypeId,
    serviceDeskId: t.serviceDeskId,
    groupIds: [],
    _links: { self: `${ctx.site.baseUrl}/rest/servicedeskapi/servicedesk/${deskId}/requesttype/${t.id}` },
  }));
}

export const servicedeskRoutes: Route[] = [
  route('GET', '/rest/servicedeskapi/organization', listOrganizations),
  route('GET', '/rest/servicedeskapi/organization/{organizationId}/user', listOrganizationUsers),
  route('GET', '/rest/servicedeskapi/servicedesk', listServiceDesks),
  route('GET', '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype', listRequestTypes),
];
