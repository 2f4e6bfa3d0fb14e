// The emulated site's state and every change made to it, by the data API (tests, demo) and by
// the REST handlers alike. Changes to issues emit the Forge events (events.ts).
import { randomUUID } from 'node:crypto';
import { JiraEvents, type ChangelogItem } from './events';
import type { IssueFieldValues } from './issue-fields';
import { buildIssueEvent } from './issue-event';
import {
  APP_ACCOUNT_ID,
  AGENT_ACCOUNT_ID,
  DEFAULT_PRIORITY_ID,
  PRIORITIES,
  ISSUE_TYPES,
  type Account,
  type Approval,
  type ApprovalDecision,
  type Comment,
  type CustomField,
  type CustomFieldKind,
  type Issue,
  type Organization,
  type Project,
  type RequestType,
  type ServiceDesk,
  type SiteSettings,
} from './model';
import { manifestScopes } from './manifest-scopes';
import { APPROVAL_STATUS_ID, INITIAL_STATUS_ID, statusById, transitionsFrom } from './workflow';

export interface NewIssueInput {
  project: Project;
  issueTypeId: string;
  summary: string;
  description: unknown;
  reporterId: string | null;
  actorId: string;
  priorityId?: string;
  labels?: string[];
  requestTypeId?: string | null;
  organizationIds?: string[];
  custom?: Map<string, unknown>;
  statusId?: string;
  properties?: Record<string, unknown>;
}

export class JiraSite {
  readonly accounts = new Map<string, Account>();
  readonly organizations = new Map<string, Organization>();
  readonly projects = new Map<string, Project>();
  readonly serviceDesks = new Map<string, ServiceDesk>();
  readonly requestTypes = new Map<string, RequestType>();
  readonly customFields = new Map<string, CustomField>();
  readonly issues = new Map<string, Issue>();
  /** JSM approvals by id, in creation order. */
  readonly approvals = new Map<string, Approval>();
  /** Approvers who must approve before an approval is final (JSM's approval condition). */
  approvalsRequired = 1;
  readonly events = new JiraEvents();
  baseUrl = 'http://127.0.0.1';
  /** Behaviours the documentation leaves open (model.ts SiteSettings); tests change them. */
  readonly settings: SiteSettings;
  private next = {
    org: 1,
    project: 10000,
    desk: 1,
    requestType: 1,
    field: 10100,
    issue: 10000,
    comment: 10000,
    change: 10000,
    option: 10500,
    approval: 1,
  };

  constructor(
    readonly now: () => number,
    settings: Partial<SiteSettings> = {},
  ) {
    this.settings = {
      organizationLookup: 'allowed',
      grantedScopes: manifestScopes(),
      undocumentedCommentExpand: 'reject',
      ...settings,
    };
    this.accounts.set(APP_ACCOUNT_ID, {
      accountId: APP_ACCOUNT_ID,
      displayName: 'Access Bridge',
      accountType: 'app',
      emailHidden: true,
    });
    this.accounts.set(AGENT_ACCOUNT_ID, {
      accountId: AGENT_ACCOUNT_ID,
      displayName: 'Alex Agent',
      email: 'alex.agent@msp.example',
      accountType: 'atlassian',
      emailHidden: false,
    });
  }

  // ---- directory -------------------------------------------------------------------------

  addOrganization(name: string): { id: string } {
    const id = String(this.next.org++);
    this.organizations.set(id, { id, name, members: [] });
    return { id };
  }

  addAccount(input: {
    accountId?: string;
    email?: string;
    displayName: string;
    accountType: Account['accountType'];
    emailHidden?: boolean;
  }): Account {
    const prefix = input.accountType === 'customer' ? 'qm' : '557058';
    const accountId = input.accountId ?? `${prefix}:${randomUUID()}`;
    if (this.accounts.has(accountId)) throw new Error(`Account ${accountId} already exists`);
    const account: Account = {
      accountId,
      displayName: input.displayName,
      email: input.email,
      accountType: input.accountType,
      emailHidden: input.emailHidden ?? false,
    };
    this.accounts.set(accountId, account);
    return account;
  }

  addToOrganization(organizationId: string, accountId: string): void {
    const org = this.organizations.get(organizationId);
    if (!org) throw new Error(`Unknown organization ${organizationId}`);
    if (!this.accounts.has(accountId)) throw new Error(`Unknown account ${accountId}`);
    if (!org.members.includes(accountId)) org.members.push(accountId);
  }

  /** Whether GET /organization/{id}/user answers the app (SiteSettings.organizationUsers). */
  organizationUsersAllowed(): boolean {
    const setting = this.settings.organizationUsers;
    return setting ? setting === 'allowed' : this.settings.organizationLookup === 'allowed';
  }

  organizationsOf(accountId: string): Organization[] {
    return [...this.organizations.values()].filter((o) => o.members.includes(accountId));
  }

  addProject(input: { key: string; name: string; projectTypeKey?: Project['projectTypeKey'] }): Project {
    if (!/^[A-Z][A-Z0-9_]{1,9}$/.test(input.key)) throw new Error(`Invalid project key ${input.key}`);
    if (this.projectByKey(input.key)) throw new Error(`Project ${input.key} already exists`);
    const id = String(this.next.project++);
    const project: Project = {
      id,
      key: input.key,
      name: input.name,
      projectTypeKey: input.projectTypeKey ?? 'service_desk',
      nextNumber: 1,
    };
    this.projects.set(id, project);
    return project;
  }

  projectByKey(key: string): Project | undefined {
    return [...this.projects.values()].find((p) => p.key === key);
  }

  addServiceDesk(input: { projectKey: string; projectName: string }): { id: string; projectId: string } {
    const project = this.addProject({
      key: input.projectKey,
      name: input.projectName,
      projectTypeKey: 'service_desk',
    });
    const id = String(this.next.desk++);
    this.serviceDesks.set(id, { id, projectId: project.id });
    return { id, projectId: project.id };
  }

  addRequestType(
    serviceDeskId: string,
    input: {
      name: string;
      issueTypeId?: string;
      description?: string;
      approval?: boolean;
      approverIds?: string[];
    },
  ): { id: string } {
    if (!this.serviceDesks.has(serviceDeskId)) throw new Error(`Unknown service desk ${serviceDeskId}`);
    const issueTypeId = input.issueTypeId ?? (input.approval ? '10002' : '10001');
    if (!ISSUE_TYPES.some((t) => t.id === issueTypeId)) throw new Error(`Unknown issue type ${issueTypeId}`);
    const id = String(this.next.requestType++);
    this.requestTypes.set(id, {
      id,
      serviceDeskId,
      name: input.name,
      description: input.description ?? '',
      issueTypeId,
      approval: input.approval ?? false,
      approverIds: [...(input.approverIds ?? [])],
    });
    return { id };
  }

  addCustomField(input: { name: string; type: CustomFieldKind; options?: string[] }): string {
    const id = `customfield_${this.next.field++}`;
    const options = (input.options ?? []).map((value) => ({ id: String(this.next.option++), value }));
    this.customFields.set(id, {
      id,
      name: input.name,
      kind: input.type,
      options,
      open: input.options === undefined,
    });
    return id;
  }

  /** A new id for a custom field option. */
  nextOptionId(): string {
    return String(this.next.option++);
  }

  // ---- issues ----------------------------------------------------------------------------

  findIssue(idOrKey: string): Issue | undefined {
    const byId = this.issues.get(idOrKey);
    if (byId) return byId;
    const upper = idOrKey.toUpperCase();
    return [...this.issues.values()].find((i) => i.key === upper);
  }

  createIssue(input: NewIssueInput): Issue {
    const at = this.now();
    const id = String(this.next.issue++);
    const requestType = input.requestTypeId ? this.requestTypes.get(input.requestTypeId) : undefined;
    const issue: Issue = {
      id,
      key: `${input.project.key}-${input.project.nextNumber++}`,
      projectId: input.project.id,
      issueTypeId: input.issueTypeId,
      summary: input.summary,
      description: input.description ?? null,
      reporterId: input.reporterId,
      creatorId: input.actorId,
      statusId: input.statusId ?? (requestType?.approval ? APPROVAL_STATUS_ID : INITIAL_STATUS_ID),
      priorityId: input.priorityId ?? DEFAULT_PRIORITY_ID,
      labels: input.labels ?? [],
      requestTypeId: input.requestTypeId ?? null,
      organizationIds: input.organizationIds ?? [],
      custom: input.custom ?? new Map(),
      created: at,
      updated: at,
      comments: [],
      // A portal create-panel's view.submit lands as issue properties with the request itself.
      properties: new Map(Object.entries(input.properties ?? {})),
      history: [],
    };
    this.issues.set(id, issue);
    if (issue.statusId === APPROVAL_STATUS_ID) this.openApproval(issue);
    this.events.emit('issueCreated', buildIssueEvent(this, 'avi:jira:created:issue', issue, input.actorId));
    return issue;
  }

  /** Moves the issue to `statusId` (any status, no workflow check) and emits the update event. */
  setStatus(issue: Issue, statusId: string, actorId: string): void {
    statusById(statusId);
    if (issue.statusId === statusId) return;
    const from = issue.statusId;
    issue.statusId = statusId;
    issue.updated = this.now();
    const change = { id: String(this.next.change++), at: issue.updated, actorId, from, to: statusId };
    issue.history.push(change);
    if (statusId === APPROVAL_STATUS_ID) this.openApproval(issue);
    const fromStatus = statusById(from);
    const toStatus = statusById(statusId);
    const event = buildIssueEvent(this, 'avi:jira:updated:issue', issue, actorId);
    event.changelog = {
      id: change.id,
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from,
          fromString: fromStatus.name,
          to: statusId,
          toString: toStatus.name,
        },
      ],
    };
    event.associatedStatuses = [
      { id: fromStatus.id, name: fromStatus.name },
      { id: toStatus.id, name: toStatus.name },
    ];
    this.events.emit('issueUpdated', event);
  }

  /** Applies PUT /rest/api/3/issue field changes; emits issueUpdated with a changelog when anything changed. */
  editIssue(issue: Issue, values: IssueFieldValues, actorId: string): void {
    const items: ChangelogItem[] = [];
    const text = (field: string, from: string, to: string) =>
      items.push({
        field,
        fieldtype: 'jira',
        fieldId: field,
        from: null,
        fromString: from,
        to: null,
        toString: to,
      });
    if (values.summary !== undefined && values.summary !== issue.summary) {
      text('summary', issue.summary, values.summary);
      issue.summary = values.summary;
    }
    if (
      values.description !== undefined &&
      JSON.stringify(values.description) !== JSON.stringify(issue.description)
    ) {
      text('description', '', '');
      issue.description = values.description;
    }
    if (values.priorityId !== undefined && values.priorityId !== issue.priorityId) {
      const name = (id: string) => PRIORITIES.find((p) => p.id === id)?.name ?? id;
      items.push({
        field: 'priority',
        fieldtype: 'jira',
        fieldId: 'priority',
        from: issue.priorityId,
        fromString: name(issue.priorityId),
        to: values.priorityId,
        toString: name(values.priorityId),
      });
      issue.priorityId = values.priorityId;
    }
    if (values.labels !== undefined && values.labels.join(' ') !== issue.labels.join(' ')) {
      text('labels', issue.labels.join(' '), values.labels.join(' '));
      issue.labels = [...values.labels];
    }
    if (values.organizationIds !== undefined) issue.organizationIds = [...values.organizationIds];
    for (const [id, value] of values.custom) {
      const before = issue.custom.get(id) ?? null;
      if (JSON.stringify(before) === JSON.stringify(value)) continue;
      const show = (v: unknown) =>
        v === null ? '' : typeof v === 'object' ? String((v as { value?: unknown }).value ?? '') : String(v);
      items.push({
        field: this.customFields.get(id)?.name ?? id,
        fieldtype: 'custom',
        fieldId: id,
        from: null,
        fromString: show(before),
        to: null,
        toString: show(value),
      });
      issue.custom.set(id, value);
    }
    if (items.length === 0) return;
    issue.updated = this.now();
    const event = buildIssueEvent(this, 'avi:jira:updated:issue', issue, actorId);
    event.changelog = { id: String(this.next.change++), items };
    this.events.emit('issueUpdated', event);
  }

  /** Performs a workflow transition by id or (case-insensitive) name; false when not available. */
  transition(issue: Issue, idOrName: string, actorId: string): boolean {
    const lower = idOrName.trim().toLowerCase();
    const transition = transitionsFrom(issue.statusId).find(
      (t) => t.id === idOrName || t.name.toLowerCase() === lower,
    );
    if (!transition) return false;
    this.setStatus(issue, transition.to, actorId);
    return true;
  }

  // ---- approvals -------------------------------------------------------------------------

  /** Entering an approval status asks the request type's approvers, as JSM's approval step does. */
  private openApproval(issue: Issue): Approval {
    const requestType = issue.requestTypeId ? this.requestTypes.get(issue.requestTypeId) : undefined;
    const approval: Approval = {
      id: String(this.next.approval++),
      issueId: issue.id,
      name: 'Waiting for approval',
      statusId: issue.statusId,
      approverIds: [...(requestType?.approverIds ?? [])],
      decisions: new Map(),
      required: this.approvalsRequired,
      finalDecision: 'pending',
      created: this.now(),
    };
    this.approvals.set(approval.id, approval);
    return approval;
  }

  approvalsOf(issue: Issue): Approval[] {
    return [...this.approvals.values()].filter((a) => a.issueId === issue.id);
  }

  /**
   * An approver answers: one decline declines; `required` approvals approve. The final decision
   * moves the request on (Approve / Decline), which fires the issue-updated event as on JSM.
   * Returns a reason when the answer is refused.
   */
  answerApproval(
    issue: Issue,
    approvalId: string,
    accountId: string,
    decision: 'approve' | 'decline',
  ): string | undefined {
    const approval = this.approvals.get(approvalId);
    if (!approval || approval.issueId !== issue.id) return 'not-found';
    if (!approval.approverIds.includes(accountId) || approval.decisions.has(accountId)) return 'forbidden';
    if (approval.finalDecision !== 'pending' || issue.statusId !== approval.statusId) return 'closed';
    const answer: ApprovalDecision = decision === 'approve' ? 'approved' : 'declined';
    approval.decisions.set(accountId, answer);
    const approvals = [...approval.decisions.values()].filter((d) => d === 'approved').length;
    const final: ApprovalDecision | undefined =
      answer === 'declined'
        ? 'declined'
        : approvals >= Math.min(approval.required, approval.approverIds.length)
          ? 'approved'
          : undefined;
    if (final) {
      approval.finalDecision = final;
      approval.completed = this.now();
      this.transition(issue, final === 'approved' ? 'Approve' : 'Decline', accountId);
    }
    return undefined;
  }

  addComment(
    issue: Issue,
    input: { body: unknown; internal: boolean; authorId: string; properties?: Map<string, unknown> },
  ): Comment {
    const at = this.now();
    const comment: Comment = {
      id: String(this.next.comment++),
      body: input.body,
      authorId: input.authorId,
      created: at,
      updated: at,
      internal: input.internal,
      properties: input.properties ?? new Map(),
    };
    issue.comments.push(comment);
    issue.updated = at;
    return comment;
  }
}
