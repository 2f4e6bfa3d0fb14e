// Jira Cloud + JSM emulator: the REST endpoints the app calls (exact paths, JSON, Jira's error
// shapes), a site data API for tests and the demo, Forge-shaped issue events, fault injection.
// Requests to /rest/api/3 are checked against Atlassian's OpenAPI description (contract.ts) and
// ADF bodies against Atlassian's ADF schema (adf.ts).
import type { AddressInfo } from 'node:net';
import {
  agentSetStatus,
  agentTransition,
  answerAsApprover,
  commentAs,
  createRequestAsCustomer,
  mustFindIssue,
} from './actions';
import { createAdfValidator } from './adf';
import type { JiraEmulator, JiraEmulatorOptions } from './api';
import { createPlatformContract } from './contract';
import { Faults } from './faults';
import { commentViews, issueView } from './inspect';
import { AGENT_ACCOUNT_ID, APP_ACCOUNT_ID, ORGANIZATIONS_FIELD_ID, REQUEST_TYPE_FIELD_ID } from './model';
import { commentRoutes } from './routes-comments';
import { issueRoutes } from './routes-issue';
import { metaRoutes } from './routes-meta';
import { propertyRoutes } from './routes-properties';
import { approvalRoutes } from './routes-approvals';
import { requestRoutes } from './routes-requests';
import { servicedeskRoutes } from './routes-servicedesk';
import { transitionRoutes } from './routes-transitions';
import { createJiraServer } from './server';
import { JiraSite } from './site';

export type {
  JiraEmulator,
  JiraEmulatorOptions,
  JiraEmulatorSettings,
  IssueView,
  CommentView,
  ApprovalView,
} from './api';
export type { ForgeIssueEvent, JiraEventName, JiraEventListener } from './events';
export type { FaultSettings, QueuedFailure, RouteCounter, LoggedRequest } from './faults';
export { createAdfValidator, type AdfValidator } from './adf';
export { STATUSES, TRANSITIONS } from './workflow';
export { APP_ACCOUNT_ID, AGENT_ACCOUNT_ID, ORGANIZATIONS_FIELD_ID, REQUEST_TYPE_FIELD_ID } from './model';
export type { OrganizationLookup, SiteSettings } from './model';
export { EMAIL_SCOPE } from './routes-meta';

export async function startJiraEmulator(options: JiraEmulatorOptions = {}): Promise<JiraEmulator> {
  const now = options.now ?? Date.now;
  const site = new JiraSite(now, options.settings);
  const faults = new Faults(now, options.latencyMs ?? 0);
  const routes = [
    ...issueRoutes,
    ...commentRoutes,
    ...transitionRoutes,
    ...propertyRoutes,
    ...metaRoutes,
    ...servicedeskRoutes,
    ...requestRoutes,
    ...approvalRoutes,
  ];
  const server = createJiraServer({
    site,
    routes,
    faults,
    adf: options.adfValidator ?? createAdfValidator(),
    contract: options.contract === false ? undefined : createPlatformContract(),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: site.baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    fieldIds: { organizations: ORGANIZATIONS_FIELD_ID, requestType: REQUEST_TYPE_FIELD_ID },
    appAccountId: APP_ACCOUNT_ID,
    agentAccountId: AGENT_ACCOUNT_ID,
    settings: site.settings,

    addOrganization: (name) => site.addOrganization(name),
    addCustomer(input) {
      const account = site.addAccount({ ...input, accountType: 'customer' });
      for (const orgId of input.organizationIds ?? []) site.addToOrganization(orgId, account.accountId);
      return { accountId: account.accountId };
    },
    addToOrganization: (organizationId, accountId) => site.addToOrganization(organizationId, accountId),
    setEmailHidden(accountId, hidden) {
      const account = site.accounts.get(accountId);
      if (!account) throw new Error(`Unknown account ${accountId}`);
      account.emailHidden = hidden;
    },
    addServiceDesk: (input) => site.addServiceDesk(input),
    addRequestType: (deskId, input) => site.addRequestType(deskId, input),
    addCustomField: (input) => site.addCustomField(input),
    addAgent: (input) => ({
      accountId: site.addAccount({ ...input, accountType: 'atlassian' }).accountId,
    }),
    setApprovalsRequired(count) {
      if (!Number.isInteger(count) || count < 1) throw new Error('At least one approver must approve.');
      site.approvalsRequired = count;
    },

    createRequestAsCustomer: (input) => createRequestAsCustomer(site, input),
    transition: (issueKey, nameOrId) => agentTransition(site, issueKey, nameOrId),
    setStatus: (issueKey, statusName) => agentSetStatus(site, issueKey, statusName),
    addCommentAs: (issueKey, input) => commentAs(site, issueKey, input),
    approve: (issueKey, accountId) => answerAsApprover(site, issueKey, accountId, 'approve'),
    decline: (issueKey, accountId) => answerAsApprover(site, issueKey, accountId, 'decline'),
    approvals: (issueKey) =>
      site.approvalsOf(mustFindIssue(site, issueKey)).map((a) => ({
        id: a.id,
        finalDecision: a.finalDecision,
        approverIds: [...a.approverIds],
        decisions: Object.fromEntries(a.decisions),
        created: new Date(a.created).toISOString(),
        completed: a.completed === undefined ? undefined : new Date(a.completed).toISOString(),
      })),

    events: {
      on: (name, listener) => site.events.on(name, listener),
      settled: () => site.events.settled(),
      get history() {
        return site.events.history;
      },
      get errors() {
        return site.events.errors;
      },
    },
    faults: {
      set: (settings) => faults.set(settings),
      reset: () => faults.reset(),
      failNext: (failure) => faults.failNext(failure),
    },
    counters: () => structuredClone(faults.counters),
    requests: () => [...faults.log],

    issue: (key) => issueView(site, mustFindIssue(site, key)),
    issues: () => [...site.issues.values()].map((issue) => issueView(site, issue)),
    comments: (key) => commentViews(mustFindIssue(site, key)),
    properties: (key) => structuredClone(Object.fromEntries(mustFindIssue(site, key).properties)),
  };
}
