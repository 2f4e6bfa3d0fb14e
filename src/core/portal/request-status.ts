// The status panels' one operation: where the request on this page stands. The request is the one
// in the context (the portal page's request, or the issue an agent has open), never one named in
// the payload. A customer sees it only if they reported it or it is shared with one of their
// organizations (JSM's own rule for the portal); otherwise the answer is the same as for a request
// that does not exist, so probing tells nothing. The agents' view asks Jira as the caller first.
import * as z from 'zod';
import { loadConfig } from '../config-store';
import { loadTicketState } from '../access-request/ticket-state';
import { getIssue, JiraNotFoundError, type JiraIssue } from '../../jira';
import { organizationsAmong } from '../access-request/reporter-organizations';
import { OperationError } from '../operation';
import { portalOperation, type Explanation, type PortalDeps } from './deps';
import { orUnavailable, requireSurface } from './guards';
import { agentView, customerView, type AgentRequestView, type CustomerRequestView } from './request-view';

export type RequestStatusAnswer =
  | { status: 'ok'; view: CustomerRequestView | AgentRequestView }
  | Explanation<'not-available' | 'not-an-access-request' | 'unavailable'>;

const NOT_AVAILABLE: Explanation<'not-available'> = {
  status: 'not-available',
  message: 'This request cannot be shown here. Open it from your requests list, or ask the service desk.',
};

export const requestStatus = portalOperation({
  input: z.object({}).strict(),
  async run(deps): Promise<RequestStatusAnswer> {
    requireSurface(deps, 'status', 'agent');
    const issueKey = deps.caller.issueKey;
    if (!issueKey) return NOT_AVAILABLE;
    const agent = deps.caller.surface === 'agent';
    if (agent && !(await deps.agents.isAgentOn(issueKey))) {
      throw new OperationError('forbidden', 'Only agents of this service desk see these details.');
    }
    return orUnavailable(deps, 'requestStatus', async (): Promise<RequestStatusAnswer> => {
      let issue: JiraIssue;
      try {
        issue = await getIssue(deps.jira, issueKey, []);
      } catch (error) {
        if (error instanceof JiraNotFoundError) return NOT_AVAILABLE;
        throw error;
      }
      if (!agent && !(await customerMaySee(deps, issue))) {
        deps.log.event('warn', 'portal.request-refused', { issueKey: issue.key });
        return NOT_AVAILABLE;
      }
      const config = await loadConfig(deps.store);
      const requestType = config.requestTypes.find((t) => t.requestTypeId === issue.requestTypeId);
      if (!requestType)
        return { status: 'not-an-access-request', message: 'This request is not an access request.' };
      const state = await loadTicketState(deps.store, issue.id);
      const kind = { action: requestType.action, approval: requestType.approval.required };
      const view = agent ? agentView(issue.key, kind, state) : customerView(issue.key, kind, state);
      return { status: 'ok', view };
    });
  },
});

/** The reporter, or a member of an organization the request is shared with. */
async function customerMaySee(deps: PortalDeps, issue: JiraIssue): Promise<boolean> {
  if (issue.reporter?.accountId === deps.caller.accountId) return true;
  const shared = issue.organizations ?? [];
  if (shared.length === 0) return false;
  // Verified membership (reporter-organizations.ts): a site that ignores the accountId filter
  // lists every organization for everyone. Unknown membership shows the request to its reporter only.
  const mine = await organizationsAmong(deps, deps.caller.accountId, shared);
  const sharedIds = new Set(shared.map((o) => o.id));
  return mine.known && mine.memberOf.some((o) => sharedIds.has(o.id));
}
