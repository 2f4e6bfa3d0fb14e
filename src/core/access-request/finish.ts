// How a ticket ends: the comments posted once, (for good outcomes) the ticket moved through the
// configured transition, then the state recorded. A failure always ends as a clear comment.
import type { App } from '../app';
import { quotedPlainText, transitionIssue, JiraTransitionNotFoundError } from '../../jira';
import { effectKey, once } from '../idempotency';
import { postComments, type CommentSet } from './comments';
import type { WorkflowFailure } from './failures';
import { saveTicketState, type Phase, type TicketState } from './ticket-state';
import { forgetOpenTicket } from './open-tickets';
import { appendAudit } from '../audit';

export async function finishWithFailure(
  app: App,
  state: TicketState,
  failure: WorkflowFailure,
): Promise<void> {
  const resolves = failure.details.resolves === true;
  const now = app.ports.clock.now();
  const ended: TicketState = {
    ...state,
    phase: resolves ? 'already-done' : 'failed',
    failure: { code: failure.code, customerMessage: quotedPlainText(failure.details.customer) },
    completedAt: now,
    updatedAt: now,
  };
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
  await auditTicket(app, ended, failure.code, resolves ? 'ok' : 'failed');
  if (resolves) await transitionToDone(app, ended);
  await recordEnd(app, ended);
  app.ports.log.event('info', 'access-request.ended', { issueId: state.issueId, code: failure.code });
}

/**
 * The terminal state is recorded last, after the comments, the audit entry and the transition:
 * a job that finds a terminal state does nothing more, so recorded first, a failure in any later
 * step (a Jira 5xx on the comment) would end the ticket without them. Each step is once(), so
 * the retry that runs them all again repeats none (issue 7's fault soak).
 */
async function recordEnd(app: App, ended: TicketState): Promise<void> {
  await saveTicketState(app.ports, ended);
  await forgetOpenTicket(app.ports.store, ended.issueId);
}

/** A good ending: comments, transition, then the state. */
export async function resolveTicket(
  app: App,
  state: TicketState,
  phase: Extract<Phase, 'delivered' | 'removed' | 'already-done'>,
  step: string,
  comments: CommentSet,
): Promise<void> {
  const now = app.ports.clock.now();
  const ended: TicketState = { ...state, phase, completedAt: now, updatedAt: now };
  await postComments(app.ports, ended, step, comments);
  await auditTicket(app, ended, phase, 'ok');
  await transitionToDone(app, ended);
  await recordEnd(app, ended);
  app.ports.log.event('info', 'access-request.ended', { issueId: state.issueId, phase });
}

async function transitionToDone(app: App, state: TicketState): Promise<void> {
  const transition = app.config.requestTypes.find(
    (t) => t.requestTypeId === state.requestTypeId,
  )?.doneTransition;
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
export async function auditTicket(
  app: App,
  state: TicketState,
  what: string,
  outcome: 'ok' | 'failed',
): Promise<void> {
  await once(app.ports, effectKey(state.issueId, 'audit', what), async () => {
    await appendAudit(app.ports, {
      kind: 'ticket',
      ref: state.issueKey,
      tenantId: state.tenantId,
      action: `${state.action}.${what}`,
      outcome,
      durationMs: (state.completedAt ?? app.ports.clock.now()) - state.receivedAt,
      detail:
        [state.accessPackageName, state.entraRequestId && `Entra request ${state.entraRequestId}`]
          .filter(Boolean)
          .join(', ') || undefined,
    });
    return true;
  });
}
