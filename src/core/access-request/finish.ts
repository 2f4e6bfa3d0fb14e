// How a ticket ends: the state recorded, the comments posted once, and (for good outcomes) the
// ticket moved through the configured transition. A failure always ends as a clear comment.
import type { App } from '../app';
import { transitionIssue, JiraTransitionNotFoundError } from '../../jira';
import { effectKey, once } from '../idempotency';
import { postComments, type CommentSet } from './comments';
import type { WorkflowFailure } from './failures';
import { saveTicketState, type Phase, type TicketState } from './ticket-state';
import { forgetOpenTicket } from './open-tickets';
import { appendAudit } from '../audit';

export async function finishWithFailure(app: App, state: TicketState, failure: WorkflowFailure): Promise<void> {
  const resolves = failure.details.resolves === true;
  const now = app.ports.clock.now();
  const ended: TicketState = {
    ...state,
    phase: resolves ? 'already-done' : 'failed',
    failure: { code: failure.code, customerMessage: failure.details.customer },
    completedAt: now,
    updatedAt: now,
  };
  await saveTicketState(app.ports, ended);
  await forgetOpenTicket(app.ports.store, state.issueId);
  await postComments(app.ports, ended, `end-${failure.code}`, {
    customer: failure.details.customer,
    agent: `${failure.details.agent} [${failure.code}]`,
    facts: {
      Tenant: state.tenantName ? `${state.tenantName} (${state.tenantId})` : undefined,
      'Access package': state.accessPackageId,
      'Entra request': state.entraRequestId,
      ...failure.details.facts,
    },
  });
  app.ports.log.event('info', 'access-request.ended', { issueId: state.issueId, code: failure.code });
  await auditTicket(app, ended, failure.code, resolves ? 'ok' : 'failed');
  if (resolves) await transitionToDone(app, ended);
}

/** A good ending: state, comments, transition. */
export async function resolveTicket(
  app: App,
  state: TicketState,
  phase: Extract<Phase, 'delivered' | 'removed' | 'already-done'>,
  step: string,
  comments: CommentSet,
): Promise<void> {
  const now = app.ports.clock.now();
  const ended: TicketState = { ...state, phase, completedAt: now, updatedAt: now };
  await saveTicketState(app.ports, ended);
  await forgetOpenTicket(app.ports.store, state.issueId);
  await postComments(app.ports, ended, step, comments);
  app.ports.log.event('info', 'access-request.ended', { issueId: state.issueId, phase });
  await auditTicket(app, ended, phase, 'ok');
  await transitionToDone(app, ended);
}

async function transitionToDone(app: App, state: TicketState): Promise<void> {
  const transition = app.config.requestTypes.find((t) => t.requestTypeId === state.requestTypeId)?.doneTransition;
  if (!transition) return;
  await once(app.ports, effectKey(state.issueId, 'transition'), async () => {
    try {
      await transitionIssue(app.ports.jira, state.issueKey, transition);
      return true;
    } catch (error) {
      // The ticket may already have been moved by an agent: say so once, do not fail the outcome.
      if (error instanceof JiraTransitionNotFoundError) {
        await postComments(app.ports, state, 'transition-missing', {
          agent: `could not move the ticket: ${error.message}. Resolve it by hand, or fix "done transition" on the admin page.`,
        });
        return false;
      }
      throw error;
    }
  });
}

/** One audit entry per step of a ticket, once (a redelivered step writes no second entry). */
export async function auditTicket(app: App, state: TicketState, what: string, outcome: 'ok' | 'failed'): Promise<void> {
  await once(app.ports, effectKey(state.issueId, 'audit', what), async () => {
    await appendAudit(
      app.ports,
      {
        kind: 'ticket',
        ref: state.issueKey,
        tenantId: state.tenantId,
        action: `${state.action}.${what}`,
        outcome,
        durationMs: (state.completedAt ?? app.ports.clock.now()) - state.receivedAt,
        detail: [state.accessPackageName, state.entraRequestId && `Entra request ${state.entraRequestId}`].filter(Boolean).join(', ') || undefined,
      },
      app.config.settings.auditLimit,
    );
    return true;
  });
}
