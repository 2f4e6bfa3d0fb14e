// The JSM approval gate. Tenant, package, policy and user are resolved before a request waits;
// they are recorded in the state, written into the visible package field (so JSM's own approval
// screen shows the resolved name) and listed in an internal comment and the agent panel. Then the
// request goes ahead only on a final "approve" in JSM's approval record made after that
// (decide-approval.ts), never because of a status name.
// https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-approval-get
import type { App } from '../app';
import { editIssue, listApprovals, JiraHttpError } from '../../jira';
import { decideApproval } from './decide-approval';
import { fail } from './failures';
import { postComments } from './comments';
import { saveTicketState, type TicketState } from './ticket-state';
import type { AccessRequestInput } from './read-request';

/** What the approver is shown; any change after showing voids the approval. */
const FACTS = ['tenantId', 'accessPackageId', 'policyId', 'userId'] as const;

/**
 * Returns the state to submit with once approved, or undefined while the request waits. Ends the
 * request (a WorkflowFailure) when the approval was declined, or does not count.
 */
export async function awaitApproval(
  app: App,
  input: AccessRequestInput,
  state: TicketState,
  recorded: TicketState,
): Promise<TicketState | undefined> {
  const { ports } = app;
  let current: TicketState;
  if (recorded.approvalShownAt !== undefined) {
    const changed = FACTS.filter((fact) => (recorded[fact] ?? '') !== (state[fact] ?? ''));
    if (changed.length > 0) {
      fail('approval_outdated', {
        customer:
          'This request changed after it was sent for approval, so the approval no longer counts and nothing was requested. Please raise a new request for the access you need.',
        agent: `What approvers were shown changed since (${changed.map((f) => `${f}: ${recorded[f] ?? 'none'} -> ${state[f] ?? 'none'}`).join('; ')}). An approval counts only for what the approvers saw; nothing was requested.`,
      });
    }
    current = { ...state, approvalShownAt: recorded.approvalShownAt };
  } else {
    const shown = await show(app, input, state);
    // Another delivery saved this ticket meanwhile and carries it on (ticket-state.ts).
    if (!shown) return undefined;
    current = shown;
  }

  const verdict = decideApproval(await listApprovals(ports.jira, state.issueKey), current.approvalShownAt!);
  switch (verdict.kind) {
    case 'approved':
      return { ...current, approvedAt: verdict.at };
    case 'declined':
      return fail('approval_declined', {
        customer: `Your request for '${state.accessPackageName}' was declined, so no access was requested.`,
        agent: `The JSM approval was declined${verdict.by.length ? ` by ${verdict.by.join(', ')}` : ''}. Nothing was requested in Entra, and this request will not be provisioned later, whatever its status.`,
      });
    case 'too-early':
      return fail('approval_outdated', {
        customer:
          'This request was approved before we could show the approvers exactly what it grants, so the approval does not count and nothing was requested. Please raise a new request for the access you need.',
        agent: `The JSM approval was completed at ${new Date(verdict.at).toISOString()}, before the app recorded and showed the resolved package (${new Date(current.approvalShownAt!).toISOString()}). An approval counts only for what the approvers saw; nothing was requested.`,
      });
    case 'pending':
      if (verdict.none) {
        await postComments(ports, state, 'approval-none', {
          agent: `this package needs JSM approval, and JSM has asked no approver for this request yet. If its request type's workflow has no approval step, move the request to a request type that has one; the app provisions only after a final "approve" in the approval record.`,
        });
      }
      return undefined;
  }
}

/** Records the resolved facts, writes them where approvers look, then notes when that was done. */
async function show(
  app: App,
  input: AccessRequestInput,
  state: TicketState,
): Promise<TicketState | undefined> {
  const { ports } = app;
  const waiting: TicketState = {
    ...state,
    phase: 'waiting-for-approval',
    approvalRequired: true,
    updatedAt: ports.clock.now(),
  };
  const first = await saveTicketState(ports, waiting);
  if (!first.written) return undefined;
  const name = state.accessPackageName ?? '';
  const field = input.requestType.packageFieldId;
  const typed = input.typedRef;
  if (field && !(typed?.kind === 'name' && typed.name === name)) {
    try {
      await editIssue(ports.jira, state.issueKey, { [field]: name });
    } catch (error) {
      if (!(error instanceof JiraHttpError) || error.status >= 500 || error.status === 429) throw error;
      fail('request_type_not_configured', {
        customer:
          'We could not send this request for approval. Our team has been notified and will follow up here.',
        agent: `The app could not write the resolved package name into the package field ${field} (${error.status}), so approvers could not see what they approve. Make the field a text field the app can edit, then re-run.`,
      });
    }
  }
  await postComments(ports, state, 'approval', {
    customer: `This request needs approval first. We will ask for access to '${name}' as soon as it is approved.`,
    agent: `waiting for JSM approval. Approving grants exactly this; if the request changes, the approval no longer counts.`,
    facts: {
      Tenant: `${state.tenantName} (${state.tenantId})`,
      'Access package': `${name} (${state.accessPackageId})`,
      Policy: state.policyId ? `${state.policyName ?? ''} (${state.policyId})` : undefined,
      User: `${state.userPrincipalName} (${state.userId})`,
      Action: state.action === 'grant' ? 'assign (adminAdd)' : 'remove (adminRemove)',
    },
  });
  // Saved from the revision just written: a save from an older one would be dropped as stale.
  const shown: TicketState = {
    ...first.state,
    approvalShownAt: ports.clock.now(),
    updatedAt: ports.clock.now(),
  };
  const second = await saveTicketState(ports, shown);
  return second.written ? second.state : undefined;
}
