// A verified callout becomes a ticket for the local IT team, routed by the offline-app
// configuration; removals at high priority. One ticket per stage instance, whatever the
// redeliveries (Entra retries a callout once; the queue may deliver twice).
import type { App } from '../app';
import type { OfflineRoute, Tenant } from '../../config/schema';
import { tenantById } from '../../config/route-tenant';
import { routeOffline } from '../../config/route-offline';
import {
  CLOUD_NAMES,
  findUser,
  GraphForbiddenError,
  GraphNotFoundError,
  resumeAvailableIn,
  type GraphUser,
} from '../../graph';
import {
  bulletList,
  code,
  createCustomerRequest,
  createIssue,
  doc,
  editIssue,
  JiraHttpError,
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
    createTicket(app, job, route, tenant, user),
  );
  // 1. The records the resume depends on, before anything optional: the ticket is created, so
  // from here on every step is idempotent and a redelivery repeats it harmlessly.
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
  // 2. Optional edits: labels (JSM's create call takes only the request type's fields) and the
  // priority (the create screen may not carry it). A refusal is noted, never fatal.
  await optionalEdits(app, ticket, tenant.tenantId, {
    labels: labelsOf(route),
    priority: { name: route.priorities[STAGE_WORDS[job.stage].priority] },
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
 * Sets fields the ticket can live without. Jira refusing one (4xx: not on the screen, an unknown
 * priority, no permission) is written in the audit trail and an internal comment, and the job
 * goes on: a retry would be refused again, and the ticket must still resume Entra when resolved.
 * Each field is tried alone after a refusal, so one refused field does not cost the others. A
 * transient answer (429, 5xx) is rethrown: the queue retries, and everything before is idempotent.
 */
async function optionalEdits(
  app: App,
  ticket: { id: string; key: string },
  tenantId: string,
  fields: Record<string, unknown>,
): Promise<void> {
  const { ports } = app;
  const refusal = (error: unknown): string => {
    if (!(error instanceof JiraHttpError) || error.status === 429 || error.status >= 500) throw error;
    const said = [...error.errorMessages, ...Object.entries(error.errors).map(([f, m]) => `${f}: ${m}`)];
    return `${error.status}${said.length ? ` ${said.join('; ')}` : ''}`.slice(0, 500);
  };
  try {
    await editIssue(ports.jira, ticket.key, fields);
    return;
  } catch (error) {
    refusal(error);
  }
  const refused: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    try {
      await editIssue(ports.jira, ticket.key, { [name]: value });
    } catch (error) {
      refused.push(`${name} (Jira said ${refusal(error)})`);
    }
  }
  if (refused.length === 0) return;
  const what = refused.join(', ');
  await appendAudit(ports, {
    kind: 'callout',
    ref: ticket.key,
    tenantId,
    action: 'offline.ticket.edit-refused',
    outcome: 'failed',
    detail: what,
  });
  try {
    await postComments(ports, { issueId: ticket.id, issueKey: ticket.key }, 'optional-edits', {
      agent: `could not set ${what}. The ticket works without it: resolving it still completes the Entra request. Set it by hand if your queues need it, or add the field to the request type's screen.`,
    });
  } catch (error) {
    // The audit entry above already says it; a comment that fails must not fail the ticket.
    ports.log.event('warn', 'offline.edit-note-failed', {
      issueKey: ticket.key,
      error: error instanceof Error ? error.name : 'error',
    });
  }
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

const isReminderStage = (stage: CalloutJob['stage']) => STAGE_WORDS[stage].priority === 'reminder';

/** Jira labels cannot contain spaces: the assignee group becomes `team-<group>`. */
function labelsOf(route: OfflineRoute): string[] {
  return [
    'access-bridge',
    ...(route.assigneeGroup ? [`team-${route.assigneeGroup.replace(/[^A-Za-z0-9_-]+/g, '-')}`] : []),
  ];
}

async function createTicket(
  app: App,
  job: CalloutJob,
  route: OfflineRoute,
  tenant: Tenant,
  user: GraphUser | undefined,
) {
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
  const byHand =
    job.awaitsCallback !== false && !isReminderStage(job.stage) && !resumeAvailableIn(tenant.cloud);
  const closing = byHand
    ? `${tenant.displayName} is in the ${CLOUD_NAMES[tenant.cloud]} cloud, where Microsoft Graph cannot resume a request: resolving this ticket does not complete the Entra request. ${job.stage === 'assignmentRequestApproved' ? 'Create the account in the offline app' : 'Remove the account from the offline app'}, then complete the request in Entra by hand before Entra stops waiting (or it fails), and resolve this ticket.`
    : job.stage === 'assignmentRequestApproved'
      ? 'Create the account in the offline app, then resolve this ticket: Entra completes the request when it is resolved. Resolve it as declined to deny the request.'
      : job.stage === 'assignmentRequestRemoved'
        ? 'Remove the account from the offline app, then resolve this ticket.'
        : 'The assignment is about to expire. Plan the removal in the offline app if it will not be renewed.';
  const description = doc(
    paragraph(`Entra entitlement management asks the IT team to act on an offline app.`),
    bulletList(facts),
    paragraph(closing),
  );
  // Only what every create screen carries: priority and labels follow as optional edits.
  if (route.target.kind === 'jira') {
    return createIssue(app.ports.jira, {
      projectKey: route.target.projectKey,
      issueTypeId: route.target.issueTypeId,
      summary,
      descriptionAdf: description,
    });
  }
  return createCustomerRequest(app.ports.jira, {
    serviceDeskId: route.target.serviceDeskId,
    requestTypeId: route.target.requestTypeId,
    summary,
    descriptionAdf: description,
  });
}
