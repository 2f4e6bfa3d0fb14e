// Routing a reporter to a customer tenant. Never a guess: exactly one tenant must come out, else
// the caller gets the reason (DESIGN.md "Workflow rules").
//
// The facts, all of which the reporter cannot set:
// - the JSM organizations the reporter is a *verified* member of (core/access-request/
//   reporter-organizations.ts decides what counts as verified on this site);
// - the domain of the reporter's Atlassian account email (read with /rest/api/3/user/email).
// The organizations the request is *shared with* (the Organizations field, which agents and
// automation can set) never add a tenant: they only choose among tenants the facts already give.
import type { Config, Tenant } from './schema';

export interface OrganizationRef {
  id: string;
  name?: string;
}

/** Why a tenant matched: an organization the reporter is a member of, or their email domain. */
export type RouteMatch =
  | { tenant: Tenant; by: 'organization'; organization: OrganizationRef }
  | { tenant: Tenant; by: 'domain'; domain: string };

export interface RouteFacts {
  /** The reporter's organizations, verified. Empty when none or when membership is unknown. */
  memberOf: OrganizationRef[];
  /** False when the site would not tell the app the reporter's organizations (then only the domain counts). */
  membershipKnown: boolean;
  /** The reporter's email address (only its domain is used), if it could be read. */
  email?: string;
  /** The organizations the request is shared with: a choice among matched tenants, never a new one. */
  sharedWith?: OrganizationRef[];
}

export type RouteResult =
  | { ok: true; tenant: Tenant; matches: RouteMatch[]; chosenBySharing: boolean }
  /** No fact names a tenant; `membershipKnown` false means the organizations could not be read. */
  | { ok: false; reason: 'none'; organizations: OrganizationRef[]; domain?: string; membershipKnown: boolean }
  | { ok: false; reason: 'several'; matches: RouteMatch[] };

/** The domain part of an email address, lower-cased; undefined when it has none. */
export function emailDomain(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  if (!email || at < 1 || at === email.length - 1) return undefined;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}

export function routeTenant(config: Config, facts: RouteFacts): RouteResult {
  const tenantByOrg = new Map<string, Tenant>();
  const tenantByDomain = new Map<string, Tenant>();
  for (const tenant of config.tenants) {
    for (const org of tenant.organizations) tenantByOrg.set(org.id, tenant);
    for (const domain of tenant.domains) tenantByDomain.set(domain, tenant);
  }

  const matches: RouteMatch[] = facts.memberOf.flatMap((organization) => {
    const tenant = tenantByOrg.get(organization.id);
    return tenant ? [{ tenant, by: 'organization' as const, organization }] : [];
  });
  const domain = emailDomain(facts.email);
  const byDomain = domain === undefined ? undefined : tenantByDomain.get(domain);
  if (byDomain && domain) matches.push({ tenant: byDomain, by: 'domain', domain });

  // An organization match and a domain match naming the same tenant are one tenant.
  const tenants = new Map(matches.map((m) => [m.tenant.tenantId, m.tenant]));
  if (tenants.size === 1) return { ok: true, tenant: matches[0]!.tenant, matches, chosenBySharing: false };
  if (tenants.size === 0)
    return {
      ok: false,
      reason: 'none',
      organizations: facts.memberOf,
      domain,
      membershipKnown: facts.membershipKnown,
    };

  // Several tenants: the request's sharing may pick one of them, and only one of them.
  const chosen = new Map<string, Tenant>();
  for (const org of facts.sharedWith ?? []) {
    const tenant = tenantByOrg.get(org.id);
    if (tenant && tenants.has(tenant.tenantId)) chosen.set(tenant.tenantId, tenant);
  }
  if (chosen.size === 1) {
    const tenant = [...chosen.values()][0]!;
    return {
      ok: true,
      tenant,
      matches: matches.filter((m) => m.tenant.tenantId === tenant.tenantId),
      chosenBySharing: true,
    };
  }
  return { ok: false, reason: 'several', matches };
}

/** One line per match for an agent comment: "Contoso Ltd (organization) -> Contoso". */
export function describeMatch(match: RouteMatch): string {
  return match.by === 'organization'
    ? `organization ${match.organization.name ?? match.organization.id} -> ${match.tenant.displayName}`
    : `email domain ${match.domain} -> ${match.tenant.displayName}`;
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
