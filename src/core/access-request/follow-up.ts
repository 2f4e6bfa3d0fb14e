// Step 8: follow the Entra request until it is delivered, failed, denied or canceled. Each check
// re-queues the next with a growing delay; a duplicate delivery of a check is dropped by its
// sequence number, and the push of the next check happens once (idempotency.ts).
// A chain of checks stays inside Forge's 1,000 pushes per chain of invocations
// (https://developer.atlassian.com/platform/forge/limits-async-events/): after
// FOLLOW_UP_CHAIN_BUDGET pushes it stops, and the hourly sweep (sweep-follow-ups.ts) queues the next
// check from a fresh invocation, a new chain. At 900 s apart that is after about 9 days, so only
// requests still open then (followUpGiveUpHours allows up to 14 days) wait up to 1.5 h between
// two checks once.
import type { App } from '../app';
import { tenantById } from '../../config/route-tenant';
import { getAssignmentRequest } from '../../graph';
import { effectKey, once } from '../idempotency';
import { postComments } from './comments';
import { finishWithFailure, resolveTicket } from './finish';
import { fail, WorkflowFailure } from './failures';
import { failureFromError } from './graph-failure';
import { formatDay } from './schedule';
import { loadTicketState, saveTicketState, type TicketState } from './ticket-state';
import { rememberOpenTicket } from './open-tickets';
import { FOLLOW_UP_CHAIN_BUDGET } from '../queue/chain-budget';

export interface FollowUpJob {
  type: 'follow-up';
  issueId: string;
  /** Which check this is; only the check the state expects runs. */
  seq: number;
  /** Pushes before the one that queued this check, in its chain of invocations (jobs.ts). */
  hops?: number;
}

/** Seconds before check n: 10 s, 20 s, 40 s ... capped at the queue's 900 s maximum delay. */
export function followUpDelaySeconds(seq: number): number {
  return Math.min(900, 10 * 2 ** Math.min(seq, 7));
}

/**
 * Queues check number `state.followUps`. `chainPushes`: the pushes its chain has made so far (the
 * current job's hops + 1; a trigger's push is the first).
 */
export async function scheduleFollowUp(app: App, state: TicketState, chainPushes = 1): Promise<void> {
  const delaySeconds = followUpDelaySeconds(state.followUps);
  await rememberOpenTicket(app.ports.store, state.issueId);
  if (chainPushes + 1 > FOLLOW_UP_CHAIN_BUDGET) {
    // The state already says when this check is due; the hourly sweep queues it in a new chain.
    app.ports.log.event('info', 'follow-up.handed-to-schedule', {
      issueId: state.issueId,
      seq: state.followUps,
      chainPushes,
    });
    return;
  }
  await once(app.ports, effectKey(state.issueId, 'follow', String(state.followUps)), async () => {
    await app.ports.queue.push(
      [{ type: 'follow-up', issueId: state.issueId, seq: state.followUps, hops: chainPushes }],
      { delaySeconds },
    );
    return true;
  });
}

const FAILED: Record<
  string,
  { code: 'entra_failed' | 'entra_denied' | 'entra_canceled'; customer: string; agent: string }
> = {
  deliveryfailed: {
    code: 'entra_failed',
    customer: 'Entra could not deliver this access.',
    agent:
      'Entra reports delivery failed. Open the request in Entra (Identity Governance > Access packages > Requests) for the failing resource, fix it, and raise the request again.',
  },
  partiallydelivered: {
    code: 'entra_failed',
    customer: 'Only part of this access could be delivered.',
    agent:
      'Entra reports the request partially delivered: some resource roles failed. Check the request in Entra and reprocess it there.',
  },
  denied: {
    code: 'entra_denied',
    customer: 'This access request was denied.',
    agent:
      'Entra denied the request (an approver or a policy check). The request history in Entra says who and why.',
  },
  canceled: {
    code: 'entra_canceled',
    customer: 'This access request was canceled.',
    agent: 'The request was canceled in Entra. Raise a new request if access is still needed.',
  },
};

export async function followUp(app: App, job: FollowUpJob): Promise<void> {
  const { ports, config } = app;
  const state = await loadTicketState(ports.store, job.issueId);
  const chainPushes = (job.hops ?? 0) + 1;
  if (state?.phase === 'submitted' && state.followUps === job.seq + 1) {
    // This check ran, but queuing the next may have failed (the queue's minute was full): a
    // retry of this job queues it now. Once-only, so a late duplicate queues nothing more.
    await scheduleFollowUp(app, state, chainPushes);
    return;
  }
  if (!state || state.phase !== 'submitted' || state.followUps !== job.seq || !state.entraRequestId) return;
  const tenant = state.tenantId ? tenantById(config, state.tenantId) : undefined;
  try {
    if (!tenant) {
      fail('unexpected', {
        customer: 'We could not check on your request automatically.',
        agent: `Tenant ${state.tenantName ?? ''} (${state.tenantId}) is no longer configured, so Entra request ${state.entraRequestId} cannot be followed. Check it in Entra.`,
      });
    }
    const request = await getAssignmentRequest(app.graphFor(tenant), state.entraRequestId);
    const entraState = (request.state ?? '').toLowerCase();
    const now = ports.clock.now();
    const timings = {
      'Entra request': state.entraRequestId,
      'Entra state': request.state ?? undefined,
      'Entra status': request.status ?? undefined,
      'Received to done': `${now - state.receivedAt} ms`,
      'Checks made': state.followUps + 1,
    };
    if (entraState === 'delivered') {
      const end =
        request.assignment?.schedule?.expiration?.endDateTime ??
        request.schedule?.expiration?.endDateTime ??
        undefined;
      const name = state.accessPackageName ?? 'the access package';
      if (state.action === 'grant') {
        await resolveTicket(
          app,
          { ...state, entraState: request.state ?? undefined, endDateTime: end },
          'delivered',
          'delivered',
          {
            customer: `Your access to '${name}' is ready${end ? `; it ends on ${formatDay(new Date(end))}` : ''}.`,
            agent: 'Entra delivered the assignment.',
            facts: timings,
          },
        );
      } else {
        await resolveTicket(app, { ...state, entraState: request.state ?? undefined }, 'removed', 'removed', {
          customer: `Your access to '${name}' has been removed.`,
          agent: 'Entra removed the assignment.',
          facts: timings,
        });
      }
      return;
    }
    const failed = FAILED[entraState];
    if (failed) {
      await finishWithFailure(
        app,
        { ...state, entraState: request.state ?? undefined },
        new WorkflowFailure(failed.code, { customer: failed.customer, agent: failed.agent, facts: timings }),
      );
      return;
    }
    const giveUpAt = (state.submittedAt ?? state.receivedAt) + config.settings.followUpGiveUpHours * 3600_000;
    if (now >= giveUpAt) {
      await finishWithFailure(
        app,
        { ...state, entraState: request.state ?? undefined },
        new WorkflowFailure('follow_up_timed_out', {
          customer: 'Your request is taking longer than expected. Our team will check on it.',
          agent: `The Entra request is still "${request.state}" after ${config.settings.followUpGiveUpHours} hours; the app stopped following it. Check it in Entra; pending approvals there may be waiting on an approver.`,
          facts: timings,
        }),
      );
      return;
    }
    const next: TicketState = {
      ...state,
      entraState: request.state ?? undefined,
      followUps: state.followUps + 1,
      nextCheckAt: now + followUpDelaySeconds(state.followUps + 1) * 1000,
      updatedAt: now,
    };
    // A duplicate of this check, or an ending, saved first: that job carries on, not this one.
    if (!(await saveTicketState(ports, next)).written) return;
    if (entraState === 'pendingapproval' && state.entraState?.toLowerCase() !== 'pendingapproval') {
      await postComments(ports, next, 'entra-approval', {
        customer: 'Your request is waiting for an approver in your organization.',
      });
    }
    await scheduleFollowUp(app, next, chainPushes);
  } catch (error) {
    const failure = failureFromError(error, tenant);
    if (!failure) throw error;
    await finishWithFailure(app, state, failure);
  }
}
