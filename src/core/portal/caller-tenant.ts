// The caller's tenant: their JSM organizations (asked of Jira by the account id from the context)
// routed through the configuration. Exactly one tenant, or a plain explanation: never a guess,
// and never a list of what other organizations or tenants exist (DESIGN.md "Workflow rules").
import type { Config, Tenant } from '../../config/schema';
import { routeTenant } from '../../config/route-tenant';
import { JiraHttpError, listOrganizationsOfCustomer } from '../../jira';
import type { Explanation, PortalDeps } from './deps';

export type TenantExplanation = Explanation<'not-mapped' | 'several-tenants' | 'unavailable'>;

export type CallerTenant = { ok: true; tenant: Tenant } | { ok: false; explanation: TenantExplanation };

export const NOT_MAPPED_MESSAGE =
  'Your organization is not set up for access requests yet, so there is nothing to pick here. You can still send this request: describe the access you need and the service desk will follow up.';
const SEVERAL_MESSAGE =
  'You belong to several organizations that use different directories, so we cannot tell which one this request is for. Send the request with a note saying which organization it is for, and the service desk will follow up.';
const UNAVAILABLE_MESSAGE =
  'We cannot check your organization right now. You can still send this request: describe the access you need and the service desk will follow up.';

export async function callerTenant(deps: PortalDeps, config: Config): Promise<CallerTenant> {
  let memberOf;
  try {
    memberOf = await listOrganizationsOfCustomer(deps.jira, deps.caller.accountId);
  } catch (error) {
    // The JSM docs say filtering organizations by account may need an agent licence for the app
    // user (forge-platform.md section 12): then the picker cannot tell, and says so.
    if (error instanceof JiraHttpError && (error.status === 401 || error.status === 403)) {
      deps.log.event('warn', 'portal.organizations-refused', { status: error.status });
      return { ok: false, explanation: { status: 'unavailable', message: UNAVAILABLE_MESSAGE } };
    }
    throw error;
  }
  const routed = routeTenant(config, { memberOf, membershipKnown: true });
  if (routed.ok) return { ok: true, tenant: routed.tenant };
  if (routed.reason === 'none')
    return { ok: false, explanation: { status: 'not-mapped', message: NOT_MAPPED_MESSAGE } };
  return { ok: false, explanation: { status: 'several-tenants', message: SEVERAL_MESSAGE } };
}
