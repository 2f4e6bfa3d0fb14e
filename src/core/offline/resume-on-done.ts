// Closing the loop: when an offline-app ticket reaches a done status, tell Entra to resume the
// paused request stage, once. A ticket resolved as declined resumes with a denial where the stage
// allows it (graph-entitlement.md 5.6: deny at the approved stage is to confirm on a tenant).
import type { App } from '../app';
import { tenantById } from '../../config/route-tenant';
import { getIssue } from '../../jira';
import {
  CLOUD_NAMES,
  getAssignmentRequest,
  resumeAssignmentRequest,
  resumeAvailableIn,
  sameId,
  GraphBadRequestError,
  GraphNotFoundError,
} from '../../graph';
import { effectKey, once } from '../idempotency';
import { appendAudit } from '../audit';
import { postComments } from '../access-request/comments';
import { failureFromError } from '../access-request/graph-failure';
import { formatDay } from '../access-request/schedule';
import type { Tenant } from '../../config/schema';
import { loadOfflineTicket, resumeQueuedKey, saveOfflineTicket, type OfflineTicket } from './offline-ticket';

export interface ResumeJob {
  type: 'resume';
  issueId: string;
}

const DENIABLE_STAGES = new Set(['assignmentRequestApproved']);

/**
 * Graph refused the resume: say why, from what Entra shows now, not a guess. Still waiting: the
 * refusal itself is the problem, and the request must be completed by hand. Not waiting: the
 * stage timed out or the request was canceled.
 */
async function refusedResume(
  app: App,
  tenant: Tenant,
  ticket: OfflineTicket,
  graphSaid: string,
  until: string,
): Promise<string> {
  const refused = `Graph refused to resume Entra request ${ticket.requestId} (it said: ${graphSaid})`;
  let waiting: boolean | undefined;
  try {
    const request = await getAssignmentRequest(app.graphFor(tenant), ticket.requestId);
    const instance = request.customExtensionCalloutInstances.find((c) =>
      sameId(c.id, ticket.stageInstanceId),
    );
    // The resume docs name the request status WaitingForCallback; the stage instance says so too.
    waiting =
      request.status?.toLowerCase() === 'waitingforcallback' ||
      instance?.status?.toLowerCase() === 'waitingforcallback';
  } catch (error) {
    if (!(error instanceof GraphNotFoundError)) {
      return `could not resume: ${refused}, and the request could not be read to tell why. Check it in Entra; if it still waits, complete it by hand before ${until}.`;
    }
    waiting = false;
  }
  return waiting
    ? `could not resume: ${refused}. Entra still waits for this ticket: complete the request in Entra by hand before ${until}, when Entra stops waiting and the request fails.`
    : `could not resume: ${refused}. Entra no longer waits for it (the ${ticket.stage} stage timed out or the request was canceled or removed). Check the request in Entra; the user may need to request access again.`;
}

export async function resumeOnDone(app: App, job: ResumeJob): Promise<void> {
  const { ports, config } = app;
  const ticket = await loadOfflineTicket(ports.store, job.issueId);
  if (!ticket || ticket.closed) return;
  const issue = await getIssue(ports.jira, ticket.issueKey, ['status', 'resolution']);
  if (issue.status?.statusCategory?.key !== 'done') {
    // Reopened since the event: let the next resolution queue a resume again.
    await ports.store.delete(resumeQueuedKey(ticket.issueId, ticket.stageInstanceId));
    return;
  }
  const resolution = (issue.fields.resolution as { name?: string } | null | undefined)?.name ?? '';
  const route = config.offlineApps.find((r) => r.id === ticket.routeId);
  const declined = (route?.declinedResolutions ?? []).some(
    (d) => d.toLowerCase() === resolution.toLowerCase(),
  );
  const deny = declined && DENIABLE_STAGES.has(ticket.stage);
  const tenant = tenantById(config, ticket.tenantId);
  const started = ports.clock.now();
  const audit = (outcome: 'ok' | 'failed' | 'ignored', detail: string) =>
    appendAudit(ports, {
      kind: 'callout',
      ref: ticket.issueKey,
      tenantId: ticket.tenantId,
      action: deny ? 'offline.deny' : 'offline.resume',
      outcome,
      durationMs: ports.clock.now() - started,
      detail,
    });

  const until = formatDay(new Date(ticket.timeoutAt));
  if (tenant && !resumeAvailableIn(tenant.cloud)) {
    // Graph v1.0 has no resume outside the global service: nothing to call, say what to do.
    const said = `did not resume Entra request ${ticket.requestId}: ${tenant.displayName} is in the ${CLOUD_NAMES[tenant.cloud]} cloud, where Microsoft Graph has no resume call. Complete the request in Entra by hand before ${until}, when Entra stops waiting and the request fails.`;
    await audit('ignored', said);
    await saveOfflineTicket(ports.store, { ...ticket, closed: true });
    await postComments(ports, ticket, `resume-${ticket.stageInstanceId}`, { agent: said });
    return;
  }

  let outcome: string;
  try {
    if (!tenant) throw new Error(`tenant ${ticket.tenantId} is no longer configured`);
    const graph = app.graphFor(tenant);
    await once(
      ports,
      // The stage instance id came from the callout body: keyed by the tenant too (finding 11.9).
      effectKey('resume', ticket.tenantId, ticket.stageInstanceId),
      async () => {
        await resumeAssignmentRequest(graph, ticket.requestId, {
          source: 'AccessBridge',
          type: `microsoft.graph.accessPackageCustomExtensionStage.${ticket.stage}`,
          data: {
            stage: ticket.stage,
            customExtensionStageInstanceId: ticket.stageInstanceId,
            customExtensionStageInstanceDetail:
              `${ticket.issueKey} ${deny ? 'declined' : 'done'}${resolution ? ` (${resolution})` : ''}`.slice(
                0,
                500,
              ),
            ...(deny ? { state: 'denied' as const } : {}),
          },
        });
        return true;
      },
      {
        // After a lost answer: Entra marks the stage instance callbackReceived once it took our
        // resume, so a retry checks that before resuming again (which Entra would refuse).
        reconcile: async () => {
          const request = await getAssignmentRequest(graph, ticket.requestId);
          const instance = request.customExtensionCalloutInstances.find((c) =>
            sameId(c.id, ticket.stageInstanceId),
          );
          return instance?.status?.toLowerCase() === 'callbackreceived' ? true : undefined;
        },
      },
    );
    outcome = deny
      ? `told Entra to deny request ${ticket.requestId} (resolution "${resolution}").`
      : `told Entra to resume request ${ticket.requestId}; Entra completes it now.${declined ? ` The resolution "${resolution}" means declined, but the ${ticket.stage} stage cannot be denied, so it was resumed.` : ''}`;
    await audit('ok', outcome);
  } catch (error) {
    if ((error instanceof GraphBadRequestError || error instanceof GraphNotFoundError) && tenant) {
      outcome = await refusedResume(app, tenant, ticket, error.graphMessage ?? error.message, until);
    } else {
      const failure = failureFromError(error, tenant);
      if (!failure && tenant) throw error; // transient: the consumer retries
      outcome = `could not resume Entra request ${ticket.requestId}: ${failure?.details.agent ?? (error as Error).message}`;
    }
    await audit('failed', outcome);
  }
  await saveOfflineTicket(ports.store, { ...ticket, closed: true });
  await postComments(ports, ticket, `resume-${ticket.stageInstanceId}`, { agent: outcome });
}
