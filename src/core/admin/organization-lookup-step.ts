// Test connection, site part: can routing tell which JSM organizations a customer is in? JSM
// documents that listing a customer's organizations needs a service-desk agent licence, and that
// organization member lists need an agent or administrator; whether the app user counts is not
// documented (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-organization/).
// The step says what this site does (allowed / refused / filter ignored) and what routing uses.
import type { Tenant } from '../../config/schema';
import { JiraHttpError, listOrganizationUsers } from '../../jira';
import { probeOrganizationLookup, type OrganizationLookup } from '../access-request/reporter-organizations';
import type { Jira, Store } from '../ports';

export interface OrganizationLookupStep {
  id: 'organization-lookup';
  title: string;
  status: 'ok' | 'failed';
  detail: string;
  lookup: OrganizationLookup;
  problem?: 'organizations_unreadable';
  advice?: string;
}

const TITLE = 'JSM organization look-up on this site';
const SAID: Record<OrganizationLookup, string> = {
  allowed: 'Allowed: the site says which organizations a customer belongs to.',
  refused:
    "Refused: the site will not list a customer's organizations to the app (it needs a JSM agent licence).",
  'filter-ignored':
    'Filter ignored: the site lists every organization whoever is asked about, so the app does not use that list.',
};

export async function organizationLookupStep(
  deps: { jira: Jira; store: Store },
  tenant: Tenant,
): Promise<OrganizationLookupStep> {
  const lookup = await probeOrganizationLookup(deps);
  const base = { id: 'organization-lookup' as const, title: TITLE, lookup };
  if (lookup === 'allowed') return { ...base, status: 'ok', detail: SAID.allowed };
  const first = tenant.organizations[0];
  if (first && (await memberListsReadable(deps.jira, first.id)))
    return {
      ...base,
      status: 'ok',
      detail: `${SAID[lookup]} The app checks each mapped organization's member list instead.`,
    };
  if (tenant.domains.length > 0)
    return {
      ...base,
      status: 'ok',
      detail: `${SAID[lookup]} Organization membership cannot be read, so only the email domains route customers to ${tenant.displayName} (${tenant.domains.join(', ')}).`,
    };
  return {
    ...base,
    status: 'failed',
    detail: `${SAID[lookup]} Organization membership cannot be read and ${tenant.displayName} has no email domains, so no request can reach it.`,
    problem: 'organizations_unreadable',
    advice: `Add the email domains of ${tenant.displayName} (or import its verified domains), or give the app user a Jira Service Management agent licence.`,
  };
}

async function memberListsReadable(jira: Jira, organizationId: string): Promise<boolean> {
  try {
    await listOrganizationUsers(jira, organizationId);
    return true;
  } catch (error) {
    if (error instanceof JiraHttpError && (error.status === 401 || error.status === 403)) return false;
    // 404 (organization deleted) says nothing about the licence: report unreadable, safely.
    if (error instanceof JiraHttpError) return false;
    throw error;
  }
}
