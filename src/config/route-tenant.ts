// Routing a reporter to a customer tenant by JSM organization. Never a guess: exactly one tenant
// must come out, else the caller gets the reason (DESIGN.md "Workflow rules").
import type { Config, Tenant } from './schema';

export interface OrganizationRef {
  id: string;
  name?: string;
}

export type RouteResult =
  | { ok: true; tenant: Tenant; organization: OrganizationRef }
  | { ok: false; reason: 'none'; organizations: OrganizationRef[] }
  | { ok: false; reason: 'several'; matches: { organization: OrganizationRef; tenant: Tenant }[] };

/**
 * `memberOf`: the reporter's organizations. `sharedWith`: the organizations the request is shared
 * with (the Organizations field); when the reporter's organizations lead to several tenants, the
 * one the request is shared with decides, if it is exactly one.
 */
export function routeTenant(
  config: Config,
  memberOf: OrganizationRef[],
  sharedWith: OrganizationRef[] = [],
): RouteResult {
  const tenantByOrg = new Map<string, Tenant>();
  for (const tenant of config.tenants)
    for (const org of tenant.organizations) tenantByOrg.set(org.id, tenant);

  const matchesOf = (orgs: OrganizationRef[]) =>
    orgs.flatMap((organization) => {
      const tenant = tenantByOrg.get(organization.id);
      return tenant ? [{ organization, tenant }] : [];
    });

  const matches = matchesOf(memberOf);
  const tenants = new Set(matches.map((m) => m.tenant.tenantId));
  if (tenants.size === 1)
    return { ok: true, tenant: matches[0]!.tenant, organization: matches[0]!.organization };
  if (tenants.size === 0) return { ok: false, reason: 'none', organizations: memberOf };

  const memberIds = new Set(memberOf.map((o) => o.id));
  const shared = matchesOf(sharedWith.filter((o) => memberIds.has(o.id)));
  const sharedTenants = new Set(shared.map((m) => m.tenant.tenantId));
  if (sharedTenants.size === 1)
    return { ok: true, tenant: shared[0]!.tenant, organization: shared[0]!.organization };
  return { ok: false, reason: 'several', matches };
}

/** The tenant a callout or resolver names, or undefined. */
export function tenantById(config: Config, tenantId: string): Tenant | undefined {
  const wanted = tenantId.toLowerCase();
  return config.tenants.find((t) => t.tenantId === wanted);
}

/** Whether a package is on the tenant's allow-list, directly or through its catalog. */
export function isRequestable(tenant: Tenant, accessPackageId: string, catalogId?: string): boolean {
  const id = accessPackageId.toLowerCase();
  if (tenant.requestable.accessPackageIds.includes(id)) return true;
  return catalogId !== undefined && tenant.requestable.catalogIds.includes(catalogId.toLowerCase());
}
