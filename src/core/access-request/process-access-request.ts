// The access-request workflow for one ticket (DESIGN.md job 1; issue "Access requests"):
// read -> route -> allow-list -> package and user in parallel -> policy -> existing access ->
// submit once -> follow up. Every way out ends in comments and a recorded state.
import type { App } from '../app';
import type { Tenant } from '../../config/schema';
import { describeMatch, routeTenant } from '../../config/route-tenant';
import {
  createAssignmentRequest,
  listAssignments,
  listOpenRequests,
  GraphBadRequestError,
  type AssignmentRequest,
  type GraphClient,
} from '../../graph';
import { once, effectKey, type EffectRecord } from '../idempotency';
import { settleAll } from '../settle-all';
import { readAccessRequest, type AccessRequestInput } from './read-request';
import { resolvePackage } from './resolve-package';
import { resolveUser } from './resolve-user';
import { choosePolicy } from './choose-policy';
import { mustAgree, mustStillName, packageToResolve } from './choose-package';
import { myAccessLink } from './my-access-link';
import { awaitApproval } from './await-approval';
import { itemRules } from '../../config/requestable-item';
import { decideSchedule, formatDay } from './schedule';
import { fail, CUSTOMER_FOLLOW_UP } from './failures';
import { failureFromError } from './graph-failure';
import { loadTicketState, saveTicketState, TERMINAL_PHASES, type TicketState } from './ticket-state';
import { postComments } from './comments';
import { auditTicket, finishWithFailure, resolveTicket } from './finish';
import { followUpDelaySeconds, scheduleFollowUp } from './follow-up';

export interface AccessRequestJob {
  type: 'access-request';
  issueId: string;
}

const ACTIVE_STATES = new Set(['delivered', 'partiallydelivered']);
const IN_PROGRESS_STATES = new Set(['delivering']);

export async function processAccessRequest(app: App, job: AccessRequestJob): Promise<void> {
  const { ports, config } = app;
  const existing = await loadTicketState(ports.store, job.issueId);
  if (existing && TERMINAL_PHASES.has(existing.phase)) return;
  // Submitted, but the invocation may have died before its comments or its first follow-up.
  if (existing?.phase === 'submitted') return afterSubmit(app, existing);

  const input = await readAccessRequest(ports, config, job.issueId);
  if (!input) {
    ports.log.event('info', 'access-request.ignored', {
      issueId: job.issueId,
      reason: 'not a configured request type',
    });
    return;
  }
  const now = ports.clock.now();
  let state: TicketState = existing ?? {
    version: 1,
    issueId: input.issueId,
    issueKey: input.issueKey,
    action: input.requestType.action,
    requestTypeId: input.requestType.requestTypeId,
    phase: 'received',
    receivedAt: now,
    followUps: 0,
    retries: 0,
    updatedAt: now,
  };

  let tenant: Tenant | undefined;
  try {
    tenant = route(app, input);
    state = { ...state, tenantId: tenant.tenantId, tenantName: tenant.displayName };
    // What was recorded before this run (tenant included) is what approvers were shown.
    await submit(app, tenant, input, state, existing ?? state);
  } catch (error) {
    const failure = failureFromError(error, tenant);
    if (!failure) throw error; // transient or unknown: the consumer retries, then reports
    await finishWithFailure(app, state, failure);
  }
}

// The tenant from facts the reporter cannot set: verified organization membership and the email
// domain (config/route-tenant.ts). The email is needed either way (domain, then the Entra user),
// so an unreadable one stops here, before anything is looked up in a tenant.
function route(app: App, input: AccessRequestInput): Tenant {
  const who = `${input.reporter.displayName ? `${input.reporter.displayName} ` : ''}(account ${input.reporter.accountId})`;
  if (!input.reporter.email) {
    fail('reporter_email_unreadable', {
      customer: `We could not read the email address of your account, so we cannot tell which directory you are in. ${CUSTOMER_FOLLOW_UP}`,
      agent: `The app could not read the email address of the reporter ${who}: /rest/api/3/user/email did not give it (check the app has the scope read:email-address:jira) and the account's profile visibility hides it elsewhere. Nothing was assigned. Raise the request on the customer's behalf from an account whose email the app can read, or ask the customer to show their email, then re-run.`,
    });
  }
  const routed = routeTenant(app.config, {
    memberOf: input.memberOf,
    membershipKnown: input.membershipKnown,
    email: input.reporter.email,
    sharedWith: input.sharedWith,
  });
  if (routed.ok) return routed.tenant;
  const domain = routed.reason === 'none' && routed.domain ? routed.domain : 'unknown';
  if (routed.reason === 'none' && !routed.membershipKnown) {
    fail('org_membership_unknown', {
      customer: `We could not confirm which organization you belong to. ${CUSTOMER_FOLLOW_UP}`,
      agent: `This site does not let the app read the JSM organizations of ${who} (organization look-up: ${input.organizationLookup}; JSM requires a service-desk agent licence for it), and the email domain ${domain} is not mapped to a tenant. Nothing was assigned. Map the domain to the customer's tenant on the admin page (Tenants, email domains), or give the app user an agent licence, then re-run.`,
    });
  }
  if (routed.reason === 'none') {
    fail('org_not_mapped', {
      customer: `Your organization is not set up for access requests yet. ${CUSTOMER_FOLLOW_UP}`,
      agent: `Neither the reporter's organizations (${input.memberOf.map((o) => o.name ?? o.id).join(', ') || 'none'}) nor their email domain (${domain}) is mapped to a tenant. Map the organization or the domain on the admin page, or add the customer to the right organization, then re-run.`,
    });
  }
  fail('several_orgs', {
    customer: `You belong to several organizations, so we need to confirm which one this request is for. ${CUSTOMER_FOLLOW_UP}`,
    agent: `The reporter matches several tenants: ${routed.matches.map(describeMatch).join('; ')}. Share the request with an organization of exactly one of these tenants and re-run.`,
  });
}

async function submit(
  app: App,
  tenant: Tenant,
  input: AccessRequestInput,
  initial: TicketState,
  recorded: TicketState,
): Promise<void> {
  const { ports, config } = app;
  let state = initial;
  // Once shown to approvers, the request must still name the recorded package (choose-package.ts).
  const shown = state.approvalShownAt !== undefined && state.accessPackageId !== undefined;
  const ref = shown
    ? mustStillName(input, { id: state.accessPackageId!, displayName: state.accessPackageName })
    : packageToResolve(input, input.requestType.packageFieldId);
  const graph = app.graphFor(tenant);
  // Both look-ups run together, and both are awaited even when one fails: no call of this job
  // may outlive it. The package's verdict comes first (not requestable says more than no user).
  const [pkg, user] = await settleAll([
    resolvePackage({ store: ports.store, graph }, tenant, ref, config.settings.lookupCacheSeconds),
    resolveUser(graph, tenant, input.reporter.email),
  ]);
  mustAgree(input, pkg);
  const rules = itemRules(tenant, pkg.id, pkg.catalogId);
  state = {
    ...state,
    accessPackageId: pkg.id,
    accessPackageName: pkg.displayName,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
  };
  const assignments = await listAssignments(graph, { accessPackageId: pkg.id, userId: user.id });
  // An earlier delivery of this job may have submitted already (its answer lost): what the checks
  // below would find is then our own request, which submitOnce reconciles.
  const resuming = (await ports.store.get(effectKey(state.issueId, 'submit'))) !== undefined;
  const active = resuming ? undefined : assignments.find((a) => ACTIVE_STATES.has(lower(a.state)));
  const inProgress = resuming ? undefined : assignments.find((a) => IN_PROGRESS_STATES.has(lower(a.state)));
  const removable = assignments.find((a) => ACTIVE_STATES.has(lower(a.state)));

  let request: AssignmentRequest;
  let note: string | undefined;
  if (input.requestType.action === 'grant') {
    if (active) {
      const end = active.schedule?.expiration?.endDateTime ?? undefined;
      await resolveTicket(app, { ...state, endDateTime: end }, 'already-done', 'already_has_access', {
        customer: `You already have access to '${pkg.displayName}'${end ? ` until ${formatDay(new Date(end))}` : ''}, so there was nothing to request.`,
        agent: `User ${user.userPrincipalName} already holds assignment ${active.id} (${active.state}) for package ${pkg.id}; nothing was requested.`,
      });
      return;
    }
    if (inProgress) failOpenRequest(pkg.displayName, `assignment ${inProgress.id} is being delivered`);
    const policy = choosePolicy(
      pkg.assignmentPolicies,
      user,
      tenant.policyByPackage[pkg.id],
      pkg.displayName,
      {
        jsmStandsIn: rules.jsmApprovalStandsInForEntra,
        myAccessLink: myAccessLink(tenant, pkg.id),
      },
    );
    const decision = decideSchedule({
      requestedEnd: input.endDate,
      expiration: policy.expiration,
      allowCustomSchedule: policy.requestorSettings?.allowCustomAssignmentSchedule,
      now: ports.clock.now(),
      packageName: pkg.displayName,
    });
    note = decision.note;
    state = { ...state, policyId: policy.id, policyName: policy.displayName ?? undefined };
    // Approval is a property of the allow-listed item (or, in addition, of the request type).
    if (rules.jsmApproval || input.requestType.approval.required) {
      const approved = await awaitApproval(app, input, state, recorded);
      if (!approved) return;
      state = approved;
    }
    if (app.dryRun) {
      failDryRun(
        `adminAdd of package ${pkg.id} ("${pkg.displayName}") for user ${user.userPrincipalName} (${user.id}) with policy ${policy.id} ("${policy.displayName}")${decision.schedule ? `, ending ${decision.schedule.expiration.endDateTime}` : ''}${note ? `; ${note}` : ''}`,
      );
    }
    request = await submitOnce(app, graph, state, () =>
      createAssignmentRequest(graph, {
        requestType: 'adminAdd',
        targetId: user.id,
        accessPackageId: pkg.id,
        assignmentPolicyId: policy.id,
        justification: justificationOf(input),
        schedule: decision.schedule,
      }),
    );
  } else {
    const nothingToRemove = (): never =>
      fail('no_assignment_to_remove', {
        customer: `You do not have access to '${pkg.displayName}', so there is nothing to remove.`,
        agent: `User ${user.userPrincipalName} holds no delivered assignment of package ${pkg.id}${inProgress ? ` (assignment ${inProgress.id} is still being delivered)` : ''}.`,
        resolves: !inProgress,
      });
    // A request type that asks for approval gates removals too (never an item: removing access
    // grants nothing).
    if (input.requestType.approval.required) {
      const approved = await awaitApproval(app, input, state, recorded);
      if (!approved) return;
      state = approved;
    }
    // Resuming after a lost answer, the assignment may already be gone because our removal worked:
    // submitOnce then finds that request; only if it finds none is there nothing to remove.
    if (!removable && !resuming) nothingToRemove();
    if (app.dryRun)
      failDryRun(
        `adminRemove of assignment ${removable?.id} (package ${pkg.id}, user ${user.userPrincipalName})`,
      );
    request = await submitOnce(app, graph, state, () =>
      removable
        ? createAssignmentRequest(graph, {
            requestType: 'adminRemove',
            assignmentId: removable.id,
            justification: justificationOf(input),
          })
        : nothingToRemove(),
    );
  }

  const submittedAt = ports.clock.now();
  state = {
    ...state,
    phase: 'submitted',
    entraRequestId: request.id,
    entraState: request.state ?? undefined,
    submitNote: note,
    submittedAt,
    nextCheckAt: submittedAt + followUpDelaySeconds(0) * 1000,
    updatedAt: submittedAt,
  };
  const saved = await saveTicketState(ports, state);
  if (!saved.written) return; // another delivery recorded this submission (or more) and goes on
  state = saved.state;
  await auditTicket(app, state, 'submitted', 'ok');
  await afterSubmit(app, state);
}

/** The comments on submission and the first follow-up: each once, so re-entry is safe. */
async function afterSubmit(app: App, state: TicketState): Promise<void> {
  const verb = state.action === 'grant' ? 'access to' : 'removal of your access to';
  await postComments(app.ports, state, 'submitted', {
    customer: `We have asked for ${verb} '${state.accessPackageName}'. We will update this request when it is done.${state.submitNote ? ` ${state.submitNote}` : ''}`,
    agent: `submitted ${state.action === 'grant' ? 'adminAdd' : 'adminRemove'} to Entra.`,
    facts: {
      Tenant: `${state.tenantName} (${state.tenantId})`,
      'Access package': `${state.accessPackageName} (${state.accessPackageId})`,
      Policy: state.policyId,
      User: `${state.userPrincipalName} (${state.userId})`,
      'Entra request': state.entraRequestId,
      'Entra state': state.entraState,
      'Received to submitted': state.submittedAt ? `${state.submittedAt - state.receivedAt} ms` : undefined,
    },
  });
  await scheduleFollowUp(app, state);
}

/**
 * The assignment request is created once per ticket. After a crash between Graph's answer and our
 * record of it, the open request (or the assignment it made) is found instead of adding another.
 */
async function submitOnce(
  app: App,
  graph: GraphClient,
  state: TicketState,
  create: () => Promise<AssignmentRequest>,
): Promise<AssignmentRequest> {
  const reconcile = async (
    record: EffectRecord<AssignmentRequest>,
  ): Promise<AssignmentRequest | undefined> => {
    if (!state.accessPackageId || !state.userId) return undefined;
    // Any request for this package and user since the first try is the one we made (a minute of
    // slack for clock skew between us and Graph).
    const since = (record.firstAt ?? state.receivedAt) - 60_000;
    const open = await listOpenRequests(graph, {
      accessPackageId: state.accessPackageId,
      userId: state.userId,
      createdSince: since,
    });
    const ours = state.action === 'grant' ? 'adminadd' : 'adminremove';
    return open.find((r) => r.requestType?.toLowerCase() === ours);
  };
  try {
    return await once(app.ports, effectKey(state.issueId, 'submit'), create, { reconcile });
  } catch (error) {
    if (error instanceof GraphBadRequestError) {
      const message = `${error.graphCode ?? ''} ${error.graphMessage ?? ''}`;
      // No published Graph error code for these (graph-entitlement.md 1.7): matched on the message,
      // to confirm on a real tenant.
      if (/open request|pending request|existing request/i.test(message))
        failOpenRequest(state.accessPackageName ?? '', message.trim());
      if (/already (has|have) (an )?(active )?assignment|already assigned/i.test(message)) {
        fail('already_has_access', {
          customer: `You already have access to '${state.accessPackageName}'.`,
          agent: `Entra says the user already holds this package: ${message.trim()}`,
          resolves: true,
        });
      }
    }
    throw error;
  }
}

function failDryRun(wouldDo: string): never {
  fail('dry_run', {
    customer: 'Dry run: nothing was requested in Entra.',
    agent: `Dry run: every check passed; the app would now submit ${wouldDo}.`,
  });
}

function failOpenRequest(packageName: string, detail: string): never {
  fail('open_request_exists', {
    customer: `There is already a request in progress for '${packageName}'. You will get access when it completes.`,
    agent: `An open request for this package and user already exists in Entra (${detail}). Nothing new was requested; check it in Entra (Identity Governance > Access packages > Requests).`,
  });
}

/** The justification always carries the ticket key so the Entra request links back. */
function justificationOf(input: AccessRequestInput): string {
  const reason = input.justification?.trim();
  return `${input.issueKey}${reason ? `: ${reason}` : ''}`.slice(0, 1000);
}

const lower = (value: string | null | undefined) => (value ?? '').toLowerCase();
