// Closing the loop: when an offline-app ticket reaches a done status, tell Entra to resume the
// paused request stage, once. A ticket resolved as declined resumes with a denial where the stage
// allows it (graph-entitlement.md 5.6: deny at the approved stage is to confirm on a tenant).
import type { App } from '../app';
import { tenantById } from '../../config/route-tenant';
import { getIssue } from '../../jira';
import {
  getAssignmentRequest,
  resumeAssignmentRequest,
  sameId,
  GraphBadRequestError,
  GraphNotFoundError,
} from '../../graph';
import { effectKey, once } from '../idempotency';
import { appendAudit } from '../audit';
import { postComments } from '../access-request/comments';
import { failureFromError } from '../access-request/graph-failure';
import { loadOfflineTicket, resumeQueuedKey, saveOfflineTicket } from './offline-ticket';

export interface ResumeJob {
  type: 'resume';
  issueId: string;
}

const DENIABLE_STAGES = new Set(['assignmentRequestApproved']);

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
  const audit = (outcome: 'ok' | 'failed', detail: string) =>
    appendAudit(ports, {
      kind: 'callout',
      ref: ticket.issueKey,
      tenantId: ticket.tenantId,
      action: deny ? 'offline.deny' : 'offline.resume',
      outcome,
      durationMs: ports.clock.now() - started,
      detail,
    });

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
    if (error instanceof GraphBadRequestError || error instanceof GraphNotFoundError) {
      outcome = `could not resume Entra request ${ticket.requestId}: Entra no longer waits for it (the ${ticket.stage} stage timed out or the request was canceled). Graph said: ${error.graphMessage ?? error.message}. Check the request in Entra; the user may need to request access again.`;
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
