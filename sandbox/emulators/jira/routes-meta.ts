// Site metadata and users: GET /rest/api/3/field, /priority, /myself, /user?accountId=.
import { fieldDefinitions } from './fields';
import { PRIORITIES } from './model';
import { renderUser } from './render';
import { jiraError, route, type RequestContext, type Reply, type Route } from './router';
import { APP_ACCOUNT_ID } from './model';

function listFields(ctx: RequestContext): Reply {
  return { status: 200, body: fieldDefinitions(ctx.site) };
}

function listPriorities(ctx: RequestContext): Reply {
  const body = PRIORITIES.map((p) => ({
    self: `${ctx.site.baseUrl}/rest/api/3/priority/${p.id}`,
    statusColor: p.statusColor,
    description: `${p.name} priority`,
    iconUrl: `${ctx.site.baseUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
  }));
  return { status: 200, body };
}

function myself(ctx: RequestContext): Reply {
  return { status: 200, body: renderUser(ctx.site, ctx.site.accounts.get(APP_ACCOUNT_ID)!) };
}

function getUser(ctx: RequestContext): Reply {
  const accountId = ctx.query.get('accountId');
  if (!accountId) return jiraError(400, ['The accountId query parameter needs to be provided.']);
  const account = ctx.site.accounts.get(accountId);
  if (!account)
    return jiraError(404, ['Specified user does not exist or you do not have required permissions']);
  return { status: 200, body: renderUser(ctx.site, account) };
}

/** The scope Forge apps need for GET /rest/api/3/user/email (asApp only). */
export const EMAIL_SCOPE = 'read:email-address:jira';

// "Returns a user's email address regardless of the user's profile visibility settings. For
// Forge apps, this API only supports access via asApp() requests."
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-email-get
function getUserEmail(ctx: RequestContext): Reply {
  // A Forge app without the scope is refused before the operation runs.
  if (!ctx.site.settings.grantedScopes.includes(EMAIL_SCOPE))
    return { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } };
  const accountId = ctx.query.get('accountId');
  if (!accountId) return jiraError(400, ['The accountId query parameter needs to be provided.']);
  const account = ctx.site.accounts.get(accountId);
  if (!account) return jiraError(404, ['Specified user does not exist.']);
  const body: Record<string, unknown> = { accountId };
  if (account.email !== undefined) body.email = account.email;
  return { status: 200, body };
}

export const metaRoutes: Route[] = [
  route('GET', '/rest/api/3/field', listFields),
  route('GET', '/rest/api/3/priority', listPriorities),
  route('GET', '/rest/api/3/myself', myself),
  route('GET', '/rest/api/3/user', getUser),
  route('GET', '/rest/api/3/user/email', getUserEmail),
];
