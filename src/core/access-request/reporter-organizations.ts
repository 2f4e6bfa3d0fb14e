// The JSM organizations a reporter verifiably belongs to, whatever this site lets the app read.
//
// JSM documents that listing organizations filtered by accountId needs a service-desk agent
// licence, and whether the app user has one is not documented
// (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-organization/#api-rest-servicedeskapi-organization-get).
// Three outcomes are possible and each is handled without a guess:
// - allowed: the filter is honoured; the filtered list is the reporter's organizations.
// - filter-ignored: every organization comes back whoever is asked, so the list says nothing
//   about the reporter (taken at face value it would put every customer in every organization).
// - refused (401/403): nothing comes back.
// Which one this site does is probed on every request with the app's own account, which is a
// member of no organization: an honoured filter answers an empty list, an ignored one does not.
// Outside 'allowed', membership of each *mapped* organization is checked through the
// organization's member list (GET /organization/{id}/user, "Service desk administrator or
// agent", same docs page); when that is refused too, membership is unknown and only the email
// domain can route (config/route-tenant.ts). The probe is not cached: a licence can change.
import type { Config } from '../../config/schema';
import type { OrganizationRef } from '../../config/route-tenant';
import type { Jira, Store } from '../ports';
import {
  getMyself,
  hasAnyOrganization,
  JiraHttpError,
  JiraNotFoundError,
  listOrganizationsOfCustomer,
  listOrganizationUsers,
} from '../../jira';
import { settleAll } from '../settle-all';

export type OrganizationLookup = 'allowed' | 'refused' | 'filter-ignored';

export interface ReporterOrganizations {
  /** What the filtered look-up does on this site. */
  lookup: OrganizationLookup;
  /** Organizations the reporter is verified to belong to (only mapped ones outside 'allowed'). */
  memberOf: OrganizationRef[];
  /** False when membership could not be established (then memberOf is empty). */
  known: boolean;
}

const MYSELF_CACHE_KEY = 'cache:jira-myself-account';
/** Member lists read at once when checking mapped organizations one by one. */
const VERIFY_CONCURRENCY = 4;

const refused = (error: unknown): boolean =>
  error instanceof JiraHttpError && (error.status === 401 || error.status === 403);

/** The app's own account id (asApp): it never changes for an installation, so it is cached. */
async function appAccountId(jira: Jira, store: Store): Promise<string> {
  const cached = await store.get<string>(MYSELF_CACHE_KEY);
  if (cached) return cached;
  const { accountId } = await getMyself(jira);
  await store.set(MYSELF_CACHE_KEY, accountId, { ttlSeconds: 86_400 });
  return accountId;
}

/** Which of the three behaviours this site shows the app right now. */
export async function probeOrganizationLookup(deps: {
  jira: Jira;
  store: Store;
}): Promise<OrganizationLookup> {
  const self = await appAccountId(deps.jira, deps.store);
  try {
    return (await hasAnyOrganization(deps.jira, self)) ? 'filter-ignored' : 'allowed';
  } catch (error) {
    if (refused(error)) return 'refused';
    throw error;
  }
}

export async function reporterOrganizations(
  deps: { jira: Jira; store: Store },
  config: Config,
  accountId: string,
): Promise<ReporterOrganizations> {
  const mapped = config.tenants.flatMap((t) => t.organizations);
  return organizationsAmong(deps, accountId, mapped);
}

/**
 * Which of `candidates` the account verifiably belongs to (all of its organizations when the
 * filter is honoured). Used for routing (the mapped organizations) and by the portal (the
 * organizations a request is shared with).
 */
export async function organizationsAmong(
  deps: { jira: Jira; store: Store },
  accountId: string,
  candidates: OrganizationRef[],
): Promise<ReporterOrganizations> {
  // The probe and the filtered list run together: on a site that honours the filter (the common
  // case) the list is the answer, and waiting for the probe first would add a round trip to every
  // request. Elsewhere the list is dropped unread, but still awaited: no call outlives its job.
  const listing = listOrganizationsOfCustomer(deps.jira, accountId).then(
    (memberOf) => ({ memberOf }),
    (error: unknown) => ({ error }),
  );
  let lookup: OrganizationLookup;
  try {
    lookup = await probeOrganizationLookup(deps);
  } finally {
    await listing;
  }
  if (lookup === 'allowed') {
    const listed = await listing;
    if ('memberOf' in listed) return { lookup, memberOf: listed.memberOf, known: true };
    // Refused although the probe was answered (a licence just removed): treat as refused.
    if (!refused(listed.error)) throw listed.error;
    return verifyEach(deps.jira, accountId, candidates, 'refused');
  }
  return verifyEach(deps.jira, accountId, candidates, lookup);
}

/** Each candidate organization's member list, read to see whether the account is on it. */
async function verifyEach(
  jira: Jira,
  accountId: string,
  candidates: OrganizationRef[],
  lookup: OrganizationLookup,
): Promise<ReporterOrganizations> {
  const memberOf: OrganizationRef[] = [];
  try {
    for (let i = 0; i < candidates.length; i += VERIFY_CONCURRENCY) {
      const batch = candidates.slice(i, i + VERIFY_CONCURRENCY);
      const answers = await settleAll(batch.map((org) => isMember(jira, org.id, accountId)));
      batch.forEach((org, j) => {
        if (answers[j]) memberOf.push({ id: org.id, name: org.name });
      });
    }
  } catch (error) {
    if (refused(error)) return { lookup, memberOf: [], known: false };
    throw error;
  }
  return { lookup, memberOf, known: true };
}

async function isMember(jira: Jira, organizationId: string, accountId: string): Promise<boolean> {
  try {
    return (await listOrganizationUsers(jira, organizationId)).some((u) => u.accountId === accountId);
  } catch (error) {
    // A mapped organization deleted on the site has no members.
    if (error instanceof JiraNotFoundError) return false;
    throw error;
  }
}
