// The caller's tenant: their JSM organizations (asked of Jira by the account id from the context)
// routed through the configuration. Exactly one tenant, or a plain explanation: never a guess,
// and never a list of what other organizations or tenants exist (DESIGN.md "Workflow rules").
import type { Config, Tenant } from '../../config/schema';
import { routeTenant } from '../../config/route-tenant';
import { reporterOrganizations } from '../access-request/reporter-organizations';
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
  // Verified membership, as the workflow routes (reporter-organizations.ts): on a site that
  // ignores the accountId filter, the raw list would put every customer in every organization.
  const orgs = await reporterOrganizations(deps, config, deps.caller.accountId);
  if (!orgs.known) {
    deps.log.event('warn', 'portal.organizations-refused', { lookup: orgs.lookup });
    return { ok: false, explanation: { status: 'unavailable', message: UNAVAILABLE_MESSAGE } };
  }
  const routed = routeTenant(config, { memberOf: orgs.memberOf, membershipKnown: true });
  if (routed.ok) return { ok: true, tenant: routed.tenant };
  if (routed.reason === 'none')
    return { ok: false, explanation: { status: 'not-mapped', message: NOT_MAPPED_MESSAGE } };
  return { ok: false, explanation: { status: 'several-tenants', message: SEVERAL_MESSAGE } };
}
