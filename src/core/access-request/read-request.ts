// Step 1: the event is slim, so fetch the issue and read what the request says: its request type,
// reporter, organizations (found by the field's custom type, never a hard-coded id), the package,
// and the optional justification and end date.
import type { Config, RequestType } from '../../config/schema';
import type { OrganizationRef } from '../../config/route-tenant';
import type { Jira, Store } from '../ports';
import {
  findFieldIdsByType,
  getIssue,
  getCustomerRequest,
  getIssueProperty,
  getUser,
  getUserEmail,
  listFields,
  listIssuePropertyKeys,
  JiraHttpError,
} from '../../jira';
import { reporterOrganizations, type OrganizationLookup } from './reporter-organizations';
import { isUuid, pickedPackageId } from '../portal/picker-value';
import { fail } from './failures';
import { settleAll } from '../settle-all';

export type PackageRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

export interface AccessRequestInput {
  issueId: string;
  issueKey: string;
  requestType: RequestType;
  statusName: string;
  statusCategory: string;
  reporter: { accountId: string; email?: string; displayName?: string };
  /** The reporter's verified organizations (reporter-organizations.ts). */
  memberOf: OrganizationRef[];
  /** False when this site would not let the app establish the reporter's organizations. */
  membershipKnown: boolean;
  /** What the organization look-up does on this site, for the agents' comment. */
  organizationLookup: OrganizationLookup;
  /** The Organizations field: settable by agents and automation, so a choice, never a membership. */
  sharedWith: OrganizationRef[];
  /** Package ids picked on the portal (the panel's issue properties), distinct; normally one. */
  pickedIds: string[];
  /** What the visible package field says. */
  typedRef?: PackageRef;
  justification?: string;
  endDate?: string;
}

const FIELDS_CACHE_KEY = 'cache:jira-fields';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FieldIds {
  organizations?: string;
  requestType?: string;
}

async function fieldIds(jira: Jira, store: Store): Promise<FieldIds> {
  const cached = await store.get<FieldIds>(FIELDS_CACHE_KEY);
  if (cached) return cached;
  const ids = findFieldIdsByType(await listFields(jira));
  await store.set(FIELDS_CACHE_KEY, ids, { ttlSeconds: 3600 });
  return ids;
}

/** Returns undefined when the issue is not a configured access request type. */
export async function readAccessRequest(
  deps: { jira: Jira; store: Store },
  config: Config,
  issueIdOrKey: string,
): Promise<AccessRequestInput | undefined> {
  const ids = await fieldIds(deps.jira, deps.store);
  const configuredFields = config.requestTypes.flatMap((t) =>
    [t.packageFieldId, t.justificationFieldId, t.endDateFieldId].filter((f): f is string => Boolean(f)),
  );
  const fields = [
    'summary',
    'status',
    'reporter',
    'project',
    'issuetype',
    ...(ids.organizations ? [ids.organizations] : []),
    ...(ids.requestType ? [ids.requestType] : []),
    ...new Set(configuredFields),
  ];
  const issue = await getIssue(deps.jira, issueIdOrKey, fields);
  const requestTypeId = issue.requestTypeId;
  const requestType = config.requestTypes.find((t) => t.requestTypeId === requestTypeId);
  if (!requestType) return undefined;

  const reporter = issue.fields.reporter as {
    accountId?: string;
    emailAddress?: string;
    displayName?: string;
  } | null;
  if (!reporter?.accountId) {
    fail('reporter_email_unknown', {
      customer: 'We could not tell who raised this request.',
      agent: 'The issue has no reporter; set the reporter to the customer who needs access and re-run.',
    });
  }
  const sharedWith = asOrganizations(ids.organizations ? issue.fields[ids.organizations] : undefined);
  // Independent reads, in parallel: each round trip to Jira is on the ticket's critical path.
  const [email, organizations, picked] = await settleAll([
    reporterEmail(deps.jira, issue.key, reporter.accountId, reporter.emailAddress),
    reporterOrganizations(deps, config, reporter.accountId),
    pickerChoice(deps.jira, issue.key),
  ]);
  const fieldValue = requestType.packageFieldId ? issue.fields[requestType.packageFieldId] : undefined;

  const status = issue.fields.status as { name?: string; statusCategory?: { key?: string } } | undefined;
  return {
    issueId: issue.id,
    issueKey: issue.key,
    requestType,
    statusName: status?.name ?? '',
    statusCategory: status?.statusCategory?.key ?? '',
    reporter: { accountId: reporter.accountId, email, displayName: reporter.displayName },
    memberOf: organizations.memberOf,
    membershipKnown: organizations.known,
    organizationLookup: organizations.lookup,
    sharedWith,
    pickedIds: picked,
    typedRef: packageRefFrom(fieldValue),
    justification: textOf(
      requestType.justificationFieldId ? issue.fields[requestType.justificationFieldId] : undefined,
    ),
    endDate: textOf(requestType.endDateFieldId ? issue.fields[requestType.endDateFieldId] : undefined),
  };
}

/**
 * The reporter's email, first from the source that ignores profile visibility, then from those
 * that follow it (each may be null for a person who hides their email):
 * 1. GET /rest/api/3/user/email (asApp, scope read:email-address:jira)
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-email-get
 * 2. the issue's reporter (already fetched, no extra call)
 * 3. the JSM request's reporter (GET /rest/servicedeskapi/request/{key})
 * 4. the user profile (GET /rest/api/3/user)
 * Undefined when none has it; the workflow then stops with a comment naming the account.
 */
async function reporterEmail(
  jira: Jira,
  issueKey: string,
  accountId: string,
  given: string | null | undefined,
): Promise<string | undefined> {
  try {
    const unrestricted = await getUserEmail(jira, accountId);
    if (unrestricted) return unrestricted;
  } catch (error) {
    // Not granted or not approved (400/401/403), unknown (404), disabled (503): the fallbacks
    // still may know. Anything else (429, 5xx) is a retry of the whole job.
    if (!(error instanceof JiraHttpError) || ![400, 401, 403, 404, 503].includes(error.status)) throw error;
  }
  if (given) return given;
  const fromRequest = (await getCustomerRequest(jira, issueKey)).reporter?.emailAddress;
  if (fromRequest) return fromRequest;
  return (await getUser(jira, accountId)).emailAddress ?? undefined;
}

/**
 * The packages picked on the portal (issue 6): Jira keeps the panel's data in an issue property
 * keyed by the UUID part of the app id, known only after `forge register`, so the UUID-keyed
 * properties carrying our marker are read (core/portal/picker-value.ts). Every distinct id is
 * returned: the workflow refuses several, and a pick that disagrees with the visible field
 * (choose-package.ts), since a hidden value must never override what the approver sees. The id is
 * checked against the allow-list later, like any other input (resolve-package.ts).
 */
async function pickerChoice(jira: Jira, issueKey: string): Promise<string[]> {
  const keys = (await listIssuePropertyKeys(jira, issueKey)).filter(isUuid);
  const ids = new Set<string>();
  for (const key of keys) {
    const id = pickedPackageId(await getIssueProperty(jira, issueKey, key));
    if (id) ids.add(id);
  }
  return [...ids];
}

function asOrganizations(value: unknown): OrganizationRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const org = item as { id?: unknown; name?: unknown };
    return org && (typeof org.id === 'string' || typeof org.id === 'number')
      ? [{ id: String(org.id), name: typeof org.name === 'string' ? org.name : undefined }]
      : [];
  });
}

/** A text field, a select option ({value}) or a one-item list of either. */
export function packageRefFrom(value: unknown): PackageRef | undefined {
  const text = textOf(value)?.trim();
  if (!text) return undefined;
  return GUID.test(text) ? { kind: 'id', id: text.toLowerCase() } : { kind: 'name', name: text };
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 1 ? textOf(value[0]) : undefined;
  if (value && typeof value === 'object') {
    const v = value as { value?: unknown; name?: unknown };
    if (typeof v.value === 'string') return v.value;
    if (typeof v.name === 'string') return v.name;
  }
  return undefined;
}
