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
  listFields,
  listIssuePropertyKeys,
  listOrganizationsOfCustomer,
  JiraHttpError,
} from '../../jira';
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
  memberOf: OrganizationRef[];
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
  const [email, memberOf, picked] = await settleAll([
    reporterEmail(deps.jira, issue.key, reporter.accountId, reporter.emailAddress),
    organizationsOf(deps.jira, reporter.accountId, sharedWith),
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
    memberOf,
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
 * The platform hides the email of users who chose so; the JSM request API shows the reporter's
 * email to the service desk, so it is the fallback (to confirm on a real site), then the user API.
 */
async function reporterEmail(
  jira: Jira,
  issueKey: string,
  accountId: string,
  given: string | null | undefined,
): Promise<string | undefined> {
  if (given) return given;
  const fromRequest = (await getCustomerRequest(jira, issueKey)).reporter?.emailAddress;
  if (fromRequest) return fromRequest;
  return (await getUser(jira, accountId)).emailAddress ?? undefined;
}

/**
 * The reporter's organizations from the JSM API. Filtering by accountId may need an agent licence
 * for the app user (forge-platform.md section 12, to confirm on a real site): when refused, the
 * organizations the request is shared with are used instead.
 */
async function organizationsOf(
  jira: Jira,
  accountId: string,
  sharedWith: OrganizationRef[],
): Promise<OrganizationRef[]> {
  try {
    return await listOrganizationsOfCustomer(jira, accountId);
  } catch (error) {
    if (error instanceof JiraHttpError && (error.status === 401 || error.status === 403)) return sharedWith;
    throw error;
  }
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
