// The emulator's public surface: options, the inspection views and the JiraEmulator object.
import type { AdfValidator } from './adf';
import type { ForgeIssueEvent, JiraEventListener, JiraEventName } from './events';
import type { FaultSettings, LoggedRequest, QueuedFailure, RouteCounter } from './faults';
import type { CustomFieldKind, SiteSettings } from './model';

export type { JiraEmulatorSettings } from './model';

export interface JiraEmulatorOptions {
  /** The emulator's clock (timestamps, rate-limit windows). Default Date.now. */
  now?: () => number;
  /** Delay added to every request, real milliseconds. */
  latencyMs?: number;
  /** Share one compiled ADF validator between emulators (compiling takes ~0.2 s). */
  adfValidator?: AdfValidator;
  /** Check /rest/api/3 requests against the OpenAPI extract (default true). */
  contract?: boolean;
  /** Behaviours the documentation leaves open (organization look-ups, granted scopes). */
  settings?: Partial<SiteSettings>;
}

export interface IssueView {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  summary: string;
  /** Plain text of the description. */
  description: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  reporterId: string | null;
  requestTypeId: string | null;
  organizationIds: string[];
  priority: string;
  labels: string[];
  custom: Record<string, unknown>;
  created: string;
  updated: string;
}

export interface CommentView {
  id: string;
  internal: boolean;
  /** Plain text of the ADF body. */
  text: string;
  body: unknown;
  authorId: string;
  properties: Record<string, unknown>;
}

export interface ApprovalView {
  id: string;
  finalDecision: 'pending' | 'approved' | 'declined';
  approverIds: string[];
  decisions: Record<string, 'approved' | 'declined'>;
  created: string;
  completed?: string;
}

export interface JiraEmulator {
  url: string;
  close(): Promise<void>;
  readonly fieldIds: { organizations: string; requestType: string };
  readonly appAccountId: string;
  readonly agentAccountId: string;
  /** The site's open behaviours; change them between steps of a test. */
  readonly settings: SiteSettings;

  addOrganization(name: string): { id: string };
  /** Portal customers get account ids like `qm:<uuid>` (forge-platform.md section 12, item 3). */
  addCustomer(input: {
    accountId?: string;
    email: string;
    displayName: string;
    organizationIds?: string[];
    emailHidden?: boolean;
  }): { accountId: string };
  addToOrganization(organizationId: string, accountId: string): void;
  /** A person changes their profile visibility: the email is hidden from (or shown to) apps. */
  setEmailHidden(accountId: string, hidden: boolean): void;
  addServiceDesk(input: { projectKey: string; projectName: string }): { id: string; projectId: string };
  addRequestType(
    serviceDeskId: string,
    input: {
      name: string;
      issueTypeId?: string;
      description?: string;
      /** Requests start in "Waiting for approval", which asks `approverIds` (JSM's approval step). */
      approval?: boolean;
      approverIds?: string[];
    },
  ): { id: string };
  addCustomField(input: { name: string; type: CustomFieldKind; options?: string[] }): string;
  /** A licensed Jira user (an agent or an approver). */
  addAgent(input: { email: string; displayName: string }): { accountId: string };
  /** How many approvers must approve before an approval is final (default 1; one decline declines). */
  setApprovalsRequired(count: number): void;

  /** A customer raises a request on the portal; emits issueCreated. Organizations default to the customer's. */
  createRequestAsCustomer(input: {
    accountId: string;
    serviceDeskId: string;
    requestTypeId: string;
    summary: string;
    description?: string;
    fields?: Record<string, unknown>;
    organizationIds?: string[];
    priorityName?: string;
    /** Issue properties set with the request, as a portal create panel's view.submit does. */
    properties?: Record<string, unknown>;
  }): { id: string; key: string };
  /** An agent performs a workflow transition (by name or id); emits issueUpdated. */
  transition(issueKey: string, nameOrId: string): void;
  /** Moves the issue to a status by name, no workflow check; emits issueUpdated. */
  setStatus(issueKey: string, statusName: string): void;
  /** A person (customer or agent) comments; plain text. */
  addCommentAs(
    issueKey: string,
    input: { accountId: string; text: string; internal?: boolean },
  ): { id: string };

  /** An approver approves or declines the pending approval; a final decision moves the request on
   * (Approve / Decline) and fires issueUpdated, as JSM does. */
  approve(issueKey: string, approverAccountId: string): void;
  decline(issueKey: string, approverAccountId: string): void;
  approvals(issueKey: string): ApprovalView[];

  readonly events: {
    on(name: JiraEventName, listener: JiraEventListener): () => void;
    /** Waits for the promises listeners returned. */
    settled(): Promise<void>;
    readonly history: readonly ForgeIssueEvent[];
    readonly errors: readonly unknown[];
  };
  readonly faults: {
    set(settings: FaultSettings): void;
    reset(): void;
    failNext(failure: QueuedFailure): void;
  };
  counters(): Record<string, RouteCounter>;
  requests(): LoggedRequest[];

  issue(key: string): IssueView;
  issues(): IssueView[];
  comments(key: string): CommentView[];
  properties(key: string): Record<string, unknown>;
}
