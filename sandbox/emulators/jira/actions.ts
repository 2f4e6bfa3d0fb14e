// What people do on the site outside the app: a customer raises a request on the portal, an
// agent transitions or comments. Each goes through JiraSite, so the Forge events follow.
import { adfFromText } from './adf';
import type { JiraEmulator } from './api';
import { customFieldValue } from './custom-values';
import { AGENT_ACCOUNT_ID, PRIORITIES, type Issue } from './model';
import type { JiraSite } from './site';
import { statusById, statusByName, transitionsFrom } from './workflow';

export function mustFindIssue(site: JiraSite, key: string): Issue {
  const issue = site.findIssue(key);
  if (!issue) throw new Error(`No issue ${key} on the emulated site`);
  return issue;
}

export function createRequestAsCustomer(
  site: JiraSite,
  input: Parameters<JiraEmulator['createRequestAsCustomer']>[0],
): { id: string; key: string } {
  const customer = site.accounts.get(input.accountId);
  if (!customer) throw new Error(`Unknown customer ${input.accountId}`);
  const desk = site.serviceDesks.get(input.serviceDeskId);
  if (!desk) throw new Error(`Unknown service desk ${input.serviceDeskId}`);
  const requestType = site.requestTypes.get(input.requestTypeId);
  if (!requestType || requestType.serviceDeskId !== desk.id) {
    throw new Error(`Request type ${input.requestTypeId} is not in service desk ${desk.id}`);
  }
  const custom = new Map<string, unknown>();
  for (const [id, value] of Object.entries(input.fields ?? {})) {
    const field = site.customFields.get(id);
    if (!field) throw new Error(`Unknown custom field ${id}`);
    const normalised = customFieldValue(site, field, value);
    if ('error' in normalised) throw new Error(normalised.error);
    custom.set(id, normalised.value);
  }
  const priorityId = input.priorityName
    ? PRIORITIES.find((p) => p.name === input.priorityName)?.id
    : undefined;
  if (input.priorityName && !priorityId) throw new Error(`Unknown priority ${input.priorityName}`);
  const issue = site.createIssue({
    project: site.projects.get(desk.projectId)!,
    issueTypeId: requestType.issueTypeId,
    summary: input.summary,
    description: input.description ? adfFromText(input.description) : null,
    reporterId: customer.accountId,
    actorId: customer.accountId,
    priorityId,
    requestTypeId: requestType.id,
    // On the portal a request is shared with the customer's organizations unless they pick.
    organizationIds: input.organizationIds ?? site.organizationsOf(customer.accountId).map((o) => o.id),
    custom,
    properties: input.properties,
  });
  return { id: issue.id, key: issue.key };
}

export function agentTransition(site: JiraSite, issueKey: string, nameOrId: string): void {
  const issue = mustFindIssue(site, issueKey);
  if (!site.transition(issue, nameOrId, AGENT_ACCOUNT_ID)) {
    const available = transitionsFrom(issue.statusId)
      .map((t) => `"${t.name}"`)
      .join(', ');
    throw new Error(
      `${issue.key} in "${statusById(issue.statusId).name}" has no transition "${nameOrId}" (available: ${available})`,
    );
  }
}

export function agentSetStatus(site: JiraSite, issueKey: string, statusName: string): void {
  const status = statusByName(statusName);
  if (!status) throw new Error(`Unknown status ${statusName}`);
  site.setStatus(mustFindIssue(site, issueKey), status.id, AGENT_ACCOUNT_ID);
}

export function commentAs(
  site: JiraSite,
  issueKey: string,
  input: { accountId: string; text: string; internal?: boolean },
): { id: string } {
  if (!site.accounts.has(input.accountId)) throw new Error(`Unknown account ${input.accountId}`);
  const internal = input.internal ?? false;
  const comment = site.addComment(mustFindIssue(site, issueKey), {
    body: adfFromText(input.text),
    internal,
    authorId: input.accountId,
    properties: new Map([['sd.public.comment', { internal }]]),
  });
  return { id: comment.id };
}

/** An approver answers the request's pending approval, as on the portal or in the approval email. */
export function answerAsApprover(
  site: JiraSite,
  issueKey: string,
  accountId: string,
  decision: 'approve' | 'decline',
): void {
  const issue = mustFindIssue(site, issueKey);
  const pending = site.approvalsOf(issue).find((a) => a.finalDecision === 'pending');
  if (!pending) throw new Error(`${issue.key} has no pending approval`);
  const refused = site.answerApproval(issue, pending.id, accountId, decision);
  if (refused) throw new Error(`${accountId} cannot answer the approval of ${issue.key}: ${refused}`);
}
