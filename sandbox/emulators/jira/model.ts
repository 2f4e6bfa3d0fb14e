// The emulated site's records. Plain data; the REST shapes are made from them in render.ts.

export type AccountType = 'atlassian' | 'customer' | 'app';

export interface Account {
  accountId: string;
  displayName: string;
  email?: string;
  accountType: AccountType;
  /**
   * A user's profile visibility can hide the email address from apps: it is then absent from
   * every user object (issue reporter, /rest/api/3/user, JSM request reporter, organization
   * users). /rest/api/3/user/email still returns it to an app with read:email-address:jira.
   */
  emailHidden: boolean;
}

export interface Organization {
  id: string;
  name: string;
  /** Account ids, in the order they were added. */
  members: string[];
}

export interface Project {
  id: string;
  key: string;
  name: string;
  projectTypeKey: 'service_desk' | 'software' | 'business';
  nextNumber: number;
}

export interface ServiceDesk {
  id: string;
  projectId: string;
}

export interface RequestType {
  id: string;
  serviceDeskId: string;
  name: string;
  description: string;
  issueTypeId: string;
  /** Requests of this type start in "Waiting for approval". */
  approval: boolean;
  /** Who the approval step asks (account ids), as a JSM approval step's approver field would. */
  approverIds: string[];
}

export type ApprovalDecision = 'approved' | 'declined';

/**
 * One JSM approval: created when a request enters an approval status, decided by its approvers
 * (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-approval-get).
 */
export interface Approval {
  id: string;
  issueId: string;
  name: string;
  /** The approval status the approval belongs to. */
  statusId: string;
  approverIds: string[];
  decisions: Map<string, ApprovalDecision>;
  /** How many approvers must approve (JSM's approval condition "number of approvers"). */
  required: number;
  finalDecision: 'pending' | ApprovalDecision;
  created: number;
  completed?: number;
}

export type CustomFieldKind = 'string' | 'date' | 'option';

export interface CustomField {
  id: string;
  name: string;
  kind: CustomFieldKind;
  /** Option fields: the allowed values (grows when a new value is set and `open` is true). */
  options: { id: string; value: string }[];
  open: boolean;
}

/**
 * Behaviour Atlassian's documentation leaves open; the app must be right under every value.
 * GET /rest/api/3/issue/{key}/comment documents one `expand` value, `renderedBody`
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get);
 * what Jira does with any other value is not said.
 */
export type JiraEmulatorSettings = SiteSettings;

export interface Comment {
  id: string;
  /** ADF document. */
  body: unknown;
  authorId: string;
  created: number;
  updated: number;
  internal: boolean;
  properties: Map<string, unknown>;
}

export interface StatusChange {
  id: string;
  at: number;
  actorId: string;
  from: string;
  to: string;
}

export interface Issue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  /** ADF document or null. */
  description: unknown;
  reporterId: string | null;
  creatorId: string;
  statusId: string;
  priorityId: string;
  labels: string[];
  /** The JSM request type when raised through JSM (portal or servicedeskapi). */
  requestTypeId: string | null;
  organizationIds: string[];
  /** Custom field values by field id, in their REST shape. */
  custom: Map<string, unknown>;
  created: number;
  updated: number;
  comments: Comment[];
  properties: Map<string, unknown>;
  history: StatusChange[];
}

/**
 * How the site answers the app's GET /rest/servicedeskapi/organization?accountId=. JSM documents
 * that filtering by accountId needs a service-desk agent licence; whether the app user has one is
 * not documented, so each outcome is a setting: the filter is honoured ('allowed'), the call is
 * refused with 403 ('refused'), or the filter is ignored and every organization comes back
 * ('filter-ignored').
 * https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-organization/#api-rest-servicedeskapi-organization-get
 */
export type OrganizationLookup = 'allowed' | 'refused' | 'filter-ignored';

export interface SiteSettings {
  organizationLookup: OrganizationLookup;
  /**
   * GET /rest/servicedeskapi/organization/{id}/user ("Permissions required: Service desk
   * administrator or agent"). Undefined: follows the licence, i.e. allowed only when the
   * accountId filter is honoured (the app then evidently counts as an agent).
   */
  organizationUsers?: 'allowed' | 'refused';
  /** The OAuth scopes the app was granted; default: the scopes manifest.yml declares. */
  grantedScopes: string[];
  /**
   * An undocumented `expand` on the issue comment list (see JiraEmulatorSettings above):
   * 'reject' (default): 400 naming the value; 'ignore': answer as if it were absent.
   */
  undocumentedCommentExpand: 'reject' | 'ignore';
}

/** The app's own account: REST calls act as the app (api.asApp()). */
export const APP_ACCOUNT_ID = '557058:0a9b8c7d-6e5f-4a3b-9c2d-1e0f00ab1e00';
/** The agent that `emulator.transition` acts as. */
export const AGENT_ACCOUNT_ID = '557058:5e7a1c2b-3d4e-4f50-8a9b-0c1d2e3f4a5b';

export const ORGANIZATIONS_FIELD_ID = 'customfield_10002';
export const REQUEST_TYPE_FIELD_ID = 'customfield_10010';

export const ISSUE_TYPES = [
  { id: '10001', name: 'Service Request' },
  { id: '10002', name: 'Service Request with Approvals' },
  { id: '10003', name: 'Task' },
  { id: '10004', name: 'Incident' },
] as const;

export const PRIORITIES = [
  { id: '1', name: 'Highest', statusColor: '#d04437' },
  { id: '2', name: 'High', statusColor: '#f15C75' },
  { id: '3', name: 'Medium', statusColor: '#f79232' },
  { id: '4', name: 'Low', statusColor: '#707070' },
  { id: '5', name: 'Lowest', statusColor: '#999999' },
] as const;

export const DEFAULT_PRIORITY_ID = '3';

/** Jira's own timestamp format, e.g. 2026-11-28T10:00:00.000+0000. */
export function jiraDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
