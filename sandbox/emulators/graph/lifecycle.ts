// How an assignment request moves: POST answers `submitted`/`Accepted`; each GET of the request by
// id counts as a poll; on poll number `afterPolls` (per package, setOutcome; default 1) it ends in
// the package's outcome, earlier polls show `delivering`. A request waiting for a custom-extension
// callback does not move until resumed (or timed out). Terminal states: graph-entitlement.md 1.5.
import { newGuid } from '../shared/ids';
import {
  capitalize,
  TenantStore,
  type AccessPackage,
  type Assignment,
  type AssignmentPolicy,
  type AssignmentRequest,
  type ExpirationPattern,
  type Outcome,
  type Schedule,
} from './data-model';

export const TERMINAL_STATES = new Set([
  'delivered',
  'deliveryFailed',
  'denied',
  'canceled',
  'partiallyDelivered',
]);

export class TenantData extends TenantStore {
  /** Request record for the handlers; undefined when unknown. */
  request(id: string): AssignmentRequest | undefined {
    return (
      this.requestsById.get(id.toLowerCase()) ??
      [...this.requestsById.values()].find((r) => r.id.toLowerCase() === id.toLowerCase())
    );
  }

  /** Counts a GET by id and advances the request when its time has come. */
  poll(request: AssignmentRequest): void {
    if (TERMINAL_STATES.has(request.state) || request.waiting) return;
    request.polls += 1;
    if (request.polls >= request.afterPolls) this.complete(request, request.outcome);
    else {
      request.state = 'delivering';
      request.status = 'Delivering';
    }
  }

  /** Completes one request (or every open one) now, whatever its poll count. */
  settle(requestId?: string): void {
    const targets = requestId ? [this.mustRequest(requestId)] : [...this.requestsById.values()];
    for (const request of targets) {
      if (TERMINAL_STATES.has(request.state) || request.waiting) continue;
      this.complete(request, request.outcome);
    }
  }

  /** Puts a request on hold at a custom-extension stage, as Entra does while it awaits the callout's resume. */
  waitForCallback(
    requestId: string,
    stage: string,
    stageInstanceId: string,
    customExtensionId: string | null = null,
  ): void {
    const request = this.mustRequest(requestId);
    if (TERMINAL_STATES.has(request.state))
      throw new Error(`Graph emulator: request ${requestId} is already ${request.state}`);
    request.waiting = { stage, stageInstanceId };
    request.status = 'WaitingForCallback';
    request.customExtensionCalloutInstances.push({
      id: stageInstanceId,
      customExtensionId,
      detail: null,
      externalCorrelationId: null,
      status: 'waitingForCallback',
    });
  }

  /** The callback never came within timeoutDuration: the stage fails (graph-entitlement.md 5.6). */
  timeOutCallback(requestId: string): void {
    const request = this.mustRequest(requestId);
    if (!request.waiting)
      throw new Error(`Graph emulator: request ${requestId} is not waiting for a callback`);
    const instance = request.customExtensionCalloutInstances.find(
      (c) => c.id === request.waiting?.stageInstanceId,
    );
    if (instance) instance.status = 'callbackTimedOut';
    request.waiting = undefined;
    this.complete(request, 'deliveryFailed', 'CallbackTimedOut');
  }

  createAddRequest(input: {
    pkg: AccessPackage;
    policy: AssignmentPolicy;
    userId: string;
    schedule?: Partial<Schedule>;
    answers?: unknown[];
    justification?: string | null;
    requestor: AssignmentRequest['requestor'];
  }): AssignmentRequest {
    const assignment: Assignment = {
      id: newGuid(),
      state: 'delivering',
      status: 'Delivering',
      expiredDateTime: null,
      schedule: emptySchedule(),
      customExtensionCalloutInstances: [],
      accessPackageId: input.pkg.id,
      assignmentPolicyId: input.policy.id,
      targetUserId: input.userId,
    };
    this.assignmentsById.set(assignment.id, assignment);
    const behaviour = this.outcomes.get(input.pkg.id) ?? { outcome: 'delivered' as Outcome, afterPolls: 1 };
    return this.store({
      requestType: 'adminAdd',
      accessPackageId: input.pkg.id,
      assignmentPolicyId: input.policy.id,
      targetUserId: input.userId,
      assignmentId: assignment.id,
      schedule: mergeSchedule(input.schedule),
      answers: input.answers ?? [],
      justification: input.justification ?? null,
      requestor: input.requestor,
      outcome: behaviour.outcome,
      afterPolls: behaviour.afterPolls,
    });
  }

  createRemoveRequest(assignment: Assignment, requestor: AssignmentRequest['requestor']): AssignmentRequest {
    const behaviour = this.outcomes.get(assignment.accessPackageId);
    return this.store({
      requestType: 'adminRemove',
      accessPackageId: assignment.accessPackageId,
      assignmentPolicyId: assignment.assignmentPolicyId,
      targetUserId: assignment.targetUserId,
      assignmentId: assignment.id,
      schedule: emptySchedule(),
      answers: [],
      justification: null,
      requestor,
      // Removals always succeed in the emulator; only their timing follows the package.
      outcome: 'delivered',
      afterPolls: behaviour?.afterPolls ?? 1,
    });
  }

  private store(
    fields: Omit<
      AssignmentRequest,
      | 'id'
      | 'state'
      | 'status'
      | 'createdDateTime'
      | 'completedDateTime'
      | 'customExtensionCalloutInstances'
      | 'polls'
    >,
  ): AssignmentRequest {
    const request: AssignmentRequest = {
      id: newGuid(),
      state: 'submitted',
      status: 'Accepted',
      createdDateTime: this.iso(),
      completedDateTime: null,
      customExtensionCalloutInstances: [],
      polls: 0,
      ...fields,
    };
    this.requestsById.set(request.id, request);
    if (request.afterPolls <= 0) this.complete(request, request.outcome);
    return request;
  }

  complete(request: AssignmentRequest, outcome: Outcome, status?: string): void {
    const at = this.iso();
    const assignment = this.assignmentsById.get(request.assignmentId);
    request.state = outcome;
    request.status = status ?? capitalize(outcome);
    request.completedDateTime = at;
    if (request.requestType === 'adminRemove') {
      if (assignment && outcome === 'delivered') {
        assignment.state = 'expired';
        assignment.status = 'Expired';
        assignment.expiredDateTime = at;
      }
      return;
    }
    if (!assignment) return;
    if (outcome === 'delivered') {
      const policy = this.policies.get(request.assignmentPolicyId);
      assignment.state = 'delivered';
      assignment.status = 'Delivered';
      assignment.schedule = deliveredSchedule(at, request.schedule, policy?.expiration);
    } else if (outcome === 'deliveryFailed') {
      assignment.state = 'deliveryFailed';
      assignment.status = 'DeliveryFailed';
    } else {
      // A denied request never produced access.
      this.assignmentsById.delete(assignment.id);
    }
  }

  private mustRequest(id: string): AssignmentRequest {
    const request = this.request(id);
    if (!request) throw new Error(`Graph emulator: assignment request ${id} does not exist`);
    return request;
  }
}

function emptySchedule(): Schedule {
  return {
    startDateTime: null,
    recurrence: null,
    expiration: { endDateTime: null, duration: null, type: 'notSpecified' },
  };
}

function mergeSchedule(input: Partial<Schedule> | undefined): Schedule {
  const base = emptySchedule();
  if (!input) return base;
  return {
    startDateTime: input.startDateTime ?? null,
    recurrence: input.recurrence ?? null,
    expiration: { ...base.expiration, ...(input.expiration ?? {}) },
  };
}

/** The delivered assignment's schedule: the request's own, else the policy's expiration. */
function deliveredSchedule(
  at: string,
  requested: Schedule,
  policyExpiration: ExpirationPattern | undefined,
): Schedule {
  const expiration = requested.expiration.type !== 'notSpecified' ? requested.expiration : policyExpiration;
  const type = expiration?.type ?? 'noExpiration';
  const start = requested.startDateTime ?? at;
  let endDateTime: string | null = expiration?.endDateTime ?? null;
  if (type === 'afterDuration' && expiration?.duration) endDateTime = addDuration(start, expiration.duration);
  return {
    startDateTime: start,
    recurrence: null,
    expiration: {
      type: type === 'notSpecified' ? 'noExpiration' : type,
      duration: expiration?.duration ?? null,
      endDateTime,
    },
  };
}

/** ISO 8601 durations as Graph's expirationPattern uses them (PnD, PTnH, PnDTnHnM). */
export function addDuration(startIso: string, duration: string): string | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!m) return null;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  const ms = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return new Date(Date.parse(startIso) + ms).toISOString();
}
