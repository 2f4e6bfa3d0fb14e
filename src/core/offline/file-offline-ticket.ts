// A verified callout becomes a ticket for the local IT team, routed by the offline-app
// configuration; removals at high priority. One ticket per stage instance, whatever the
// redeliveries (Entra retries a callout once; the queue may deliver twice).
import type { App } from '../app';
import type { OfflineRoute, Tenant } from '../../config/schema';
import { tenantById } from '../../config/route-tenant';
import { routeOffline } from '../../config/route-offline';
import { findUser, GraphForbiddenError, GraphNotFoundError, type GraphUser } from '../../graph';
import {
  bulletList,
  code,
  createCustomerRequest,
  createIssue,
  doc,
  editIssue,
  paragraph,
  setIssueProperty,
  strong,
  text,
} from '../../jira';
import type { CalloutJob } from '../../entra/callout-job';
import { effectKey, once } from '../idempotency';
import { appendAudit } from '../audit';
import { postComments } from '../access-request/comments';
import {
  CALLOUT_PROPERTY_KEY,
  loadOfflineTicket,
  saveOfflineTicket,
  type OfflineTicket,
} from './offline-ticket';
import { durationMs } from '../access-request/schedule';

const ENTRA_MAX_WAIT_MS = 14 * 24 * 3600_000;

const STAGE_WORDS: Record<CalloutJob['stage'], { verb: string; priority: keyof OfflineRoute['priorities'] }> =
  {
    assignmentRequestApproved: { verb: 'Provision', priority: 'approved' },
    assignmentRequestRemoved: { verb: 'Remove', priority: 'removed' },
    assignmentFourteenDaysBeforeExpiration: { verb: 'Expires in 14 days', priority: 'reminder' },
    assignmentOneDayBeforeExpiration: { verb: 'Expires tomorrow', priority: 'reminder' },
  };

export async function fileOfflineTicket(app: App, job: CalloutJob): Promise<void> {
  const { ports, config } = app;
  const started = ports.clock.now();
  const tenant = tenantById(config, job.tenantId);
  const route =
    config.offlineApps.find((r) => r.id === job.routeId && r.tenantId === job.tenantId) ??
    routeOffline(config, job.tenantId, job.accessPackage.id, job.catalog?.id);
  if (!tenant || !route) {
    // The configuration changed after the callout was accepted: say so in the audit trail; Entra's
    // stage times out by itself and shows the failure in My Access.
    await appendAudit(ports, {
      kind: 'callout',
      ref: job.stageInstanceId,
      tenantId: job.tenantId,
      action: 'offline.unroutable',
      outcome: 'failed',
      detail: 'tenant or route removed after the callout was accepted',
    });
    return;
  }
  const isReminder = STAGE_WORDS[job.stage].priority === 'reminder';
  if (isReminder && route.reminder === 'none') return;
  if (isReminder && route.reminder === 'comment' && (await commentOnOriginal(app, job))) return;

  const user = await lookUpUser(app, tenant, job);
  const ticket = await once(ports, effectKey('callout', job.tenantId, job.stageInstanceId, 'ticket'), () =>
    createTicket(app, job, route, user),
  );
  // JSM's create-request call takes only the request type's fields: labels are set afterwards
  // (idempotent, so a redelivery repeating it is harmless).
  if (route.target.kind === 'jsm') await editIssue(ports.jira, ticket.key, { labels: labelsOf(route) });
  const timeout = durationMs(job.durationBeforeTimeout ?? '') ?? ENTRA_MAX_WAIT_MS;
  // Whether Entra waits for a resume: said by the callout (callback configuration or path); jobs
  // queued before `awaitsCallback` existed fall back to the callback configuration alone.
  const waits = job.awaitsCallback ?? Boolean(job.durationBeforeTimeout);
  const known = await loadOfflineTicket(ports.store, ticket.id);
  const record: OfflineTicket = known ?? {
    issueId: ticket.id,
    issueKey: ticket.key,
    tenantId: tenant.tenantId,
    routeId: route.id,
    stage: job.stage,
    requestId: job.requestId,
    stageInstanceId: job.stageInstanceId,
    accessPackageName: job.accessPackage.displayName,
    receivedAt: job.receivedAt,
    timeoutAt: job.receivedAt + Math.min(timeout, ENTRA_MAX_WAIT_MS),
    // Reminders and launch-and-continue stages resume nothing: Entra does not wait on them.
    awaitsResume: !isReminder && waits,
    closed: isReminder || !waits,
    warned: false,
  };
  await saveOfflineTicket(ports.store, record);
  if (job.assignmentId)
    await ports.store.set(
      assignmentTicketKey(tenant.tenantId, job.assignmentId),
      { tenantId: tenant.tenantId, issueKey: ticket.key } satisfies AssignmentTicket,
      { ttlSeconds: 400 * 24 * 3600 },
    );
  await setIssueProperty(ports.jira, ticket.key, CALLOUT_PROPERTY_KEY, {
    tenantId: tenant.tenantId,
    requestId: job.requestId,
    stage: job.stage,
    stageInstanceId: job.stageInstanceId,
    accessPackageId: job.accessPackage.id,
  });
  await appendAudit(ports, {
    kind: 'callout',
    ref: ticket.key,
    tenantId: tenant.tenantId,
    action: `offline.ticket.${job.stage}`,
    outcome: 'ok',
    durationMs: ports.clock.now() - started,
    detail: `stage instance ${job.stageInstanceId}`,
  });
}

/**
 * The ticket that provisioned an assignment, for its reminders. The assignment id comes from the
 * callout body, which a customer's own relay can fill with another tenant's ids: the key and the
 * record both carry the verified tenant.
 */
interface AssignmentTicket {
  tenantId: string;
  issueKey: string;
}
const assignmentTicketKey = (tenantId: string, assignmentId: string) =>
  `offline:assignment:${tenantId}:${assignmentId}`;

/** A reminder as a comment on the ticket that provisioned the assignment, when there is one. */
async function commentOnOriginal(app: App, job: CalloutJob): Promise<boolean> {
  if (!job.assignmentId) return false;
  const found = await app.ports.store.get<AssignmentTicket>(
    assignmentTicketKey(job.tenantId, job.assignmentId),
  );
  // The key names the tenant already; the record says so too, checked in case a key is ever misbuilt.
  if (!found || found.tenantId !== job.tenantId) return false;
  const issueKey = found.issueKey;
  await postComments(app.ports, { issueId: issueKey, issueKey }, `reminder-${job.stageInstanceId}`, {
    agent: `${STAGE_WORDS[job.stage].verb}: the assignment of '${job.accessPackage.displayName ?? job.accessPackage.id}' to ${job.target?.displayName ?? 'the user'} (Entra request ${job.requestId}). Plan the removal in the offline app if it will not be renewed.`,
  });
  return true;
}

/** Display name and UPN from Graph; a failed look-up falls back to what the callout says. */
async function lookUpUser(app: App, tenant: Tenant, job: CalloutJob): Promise<GraphUser | undefined> {
  if (!job.target?.objectId) return undefined;
  try {
    return await findUser(app.graphFor(tenant), job.target.objectId);
  } catch (error) {
    if (error instanceof GraphForbiddenError || error instanceof GraphNotFoundError) return undefined;
    throw error;
  }
}

/** Jira labels cannot contain spaces: the assignee group becomes `team-<group>`. */
function labelsOf(route: OfflineRoute): string[] {
  return [
    'access-bridge',
    ...(route.assigneeGroup ? [`team-${route.assigneeGroup.replace(/[^A-Za-z0-9_-]+/g, '-')}`] : []),
  ];
}

async function createTicket(app: App, job: CalloutJob, route: OfflineRoute, user: GraphUser | undefined) {
  const words = STAGE_WORDS[job.stage];
  const who = user?.displayName ?? job.target?.displayName ?? job.target?.objectId ?? 'unknown user';
  const upn = user?.userPrincipalName ?? job.target?.principalName;
  const pkg = job.accessPackage.displayName ?? job.accessPackage.id;
  const summary = `[Access Bridge] ${words.verb}: ${pkg} for ${who}`.slice(0, 250);
  const facts = [
    [strong('User: '), text(`${who}${upn ? ` (${upn})` : ''}`)],
    [strong('Access package: '), text(pkg), text(' '), code(job.accessPackage.id)],
    [strong('Catalog: '), text(job.catalog?.displayName ?? job.catalog?.id ?? 'unknown')],
    [strong('Policy: '), text(job.policy?.displayName ?? job.policy?.id ?? 'unknown')],
    [strong('Stage: '), text(job.stage)],
    [strong('Justification: '), text(job.justification || 'none given')],
    ...job.answers.map((a) => [strong(`${a.question}: `), text(a.answer)]),
    [strong('Entra request: '), code(job.requestId)],
    [strong('Stage instance: '), code(job.stageInstanceId)],
  ].map((parts) => parts.flat());
  const closing =
    job.stage === 'assignmentRequestApproved'
      ? 'Create the account in the offline app, then resolve this ticket: Entra completes the request when it is resolved. Resolve it as declined to deny the request.'
      : job.stage === 'assignmentRequestRemoved'
        ? 'Remove the account from the offline app, then resolve this ticket.'
        : 'The assignment is about to expire. Plan the removal in the offline app if it will not be renewed.';
  const description = doc(
    paragraph(`Entra entitlement management asks the IT team to act on an offline app.`),
    bulletList(facts),
    paragraph(closing),
  );
  const priorityName = route.priorities[words.priority];
  const labels = labelsOf(route);
  if (route.target.kind === 'jira') {
    return createIssue(app.ports.jira, {
      projectKey: route.target.projectKey,
      issueTypeId: route.target.issueTypeId,
      summary,
      descriptionAdf: description,
      priorityName,
      labels,
    });
  }
  return createCustomerRequest(app.ports.jira, {
    serviceDeskId: route.target.serviceDeskId,
    requestTypeId: route.target.requestTypeId,
    summary,
    descriptionAdf: description,
    priorityName,
  });
}
