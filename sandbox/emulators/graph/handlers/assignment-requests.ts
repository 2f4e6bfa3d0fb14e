// GET EM/assignmentRequests, GET EM/assignmentRequests/{id} (a poll: see lifecycle.ts),
// POST EM/assignmentRequests with adminAdd / adminRemove (graph-entitlement.md 1.4, 1.5).
import {
  enumPaths,
  respondCollection,
  respondEntity,
  type GraphContext,
  type HandlerResult,
} from '../context';
import type { AssignmentPolicy, User } from '../data-model';
import { OPEN_REQUEST_STATES } from '../data-model';
import { badRequest, notFound } from '../errors';
import { project } from '../odata-query';
import { requestKind, view, type EntityKind } from '../shapes';
import { byId, EM_CONTEXT } from './lookup';

export function listAssignmentRequests(ctx: GraphContext): HandlerResult {
  return respondCollection(ctx, requestKind, [...ctx.tenant.requestsById.values()], {
    contextPath: `${EM_CONTEXT}/assignmentRequests`,
    caseInsensitive: enumPaths(ctx, requestKind.typeName),
  });
}

export function getAssignmentRequest(ctx: GraphContext): HandlerResult {
  const id = ctx.params['accessPackageAssignmentRequest-id'] as string;
  const request = ctx.tenant.request(id);
  // Graph keeps requests 3 months after completion, then 404 (reference 1.5).
  if (!request) throw notFound('accessPackageAssignmentRequest', id);
  ctx.tenant.poll(request);
  return respondEntity(ctx, requestKind, request, `${EM_CONTEXT}/assignmentRequests`);
}

interface CreateBody {
  requestType?: string;
  assignment?: {
    id?: string;
    targetId?: string;
    assignmentPolicyId?: string;
    accessPackageId?: string;
    target?: { objectId?: string; email?: string };
  };
  schedule?: Record<string, unknown>;
  answers?: unknown[];
  justification?: string | null;
}

export function createAssignmentRequest(ctx: GraphContext): HandlerResult {
  const body = (ctx.body ?? {}) as CreateBody;
  // Enum values compare case-insensitively (reference 1.4: adminAdd / AdminAdd).
  const type = (body.requestType ?? '').toLowerCase();
  const requestor = { objectId: String(ctx.claims.oid ?? ''), displayName: String(ctx.claims.appid ?? '') };
  let request;
  if (type === 'adminadd') request = adminAdd(ctx, body, requestor);
  else if (type === 'adminremove') request = adminRemove(ctx, body, requestor);
  else {
    // App-only callers can only make admin requests; the emulator does not model adminUpdate.
    throw badRequest(
      `RequestType '${body.requestType ?? ''}' is not supported for this caller; use adminAdd or adminRemove.`,
    );
  }
  const projected = project(
    view(requestKind, request, ctx.tenant),
    requestKind as EntityKind<unknown>,
    undefined,
    [],
  );
  return {
    status: 201,
    body: {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#${EM_CONTEXT}/assignmentRequests/$entity`,
      ...projected,
      // The 201 in Microsoft's example shows both dates null; they appear on later GETs.
      createdDateTime: null,
      completedDateTime: null,
    },
  };
}

function adminAdd(ctx: GraphContext, body: CreateBody, requestor: { objectId: string; displayName: string }) {
  const tenant = ctx.tenant;
  const a = body.assignment ?? {};
  const targetId = a.targetId ?? a.target?.objectId;
  if (!a.accessPackageId || !a.assignmentPolicyId || !(targetId || a.target?.email)) {
    throw badRequest(
      'adminAdd needs assignment.accessPackageId, assignment.assignmentPolicyId and assignment.targetId.',
    );
  }
  if (!targetId)
    throw badRequest('The emulator does not model requests for users outside the directory (target.email).');
  // Unknown ids in the body: 400 (reference 1.7: "unknown ids: 400/404"; exact codes unconfirmed).
  const pkg = byId(tenant.packages, a.accessPackageId);
  if (!pkg) throw badRequest(`Access package '${a.accessPackageId}' was not found.`);
  const policy = byId(tenant.policies, a.assignmentPolicyId);
  if (!policy || policy.accessPackageId !== pkg.id) {
    throw badRequest(
      `Assignment policy '${a.assignmentPolicyId}' was not found on access package '${pkg.id}'.`,
    );
  }
  const user = byId(tenant.users, targetId);
  if (!user) throw badRequest(`Target '${targetId}' was not found in the directory.`);
  if (!scopeAdmits(ctx, policy, user)) {
    throw badRequest(
      `The target '${user.id}' does not meet the policy requirements of assignment policy '${policy.id}' (allowedTargetScope ${policy.allowedTargetScope}).`,
    );
  }
  // Real code and text for these two are unconfirmed (reference 7.2): confirm on a tenant.
  const active = [...tenant.assignmentsById.values()].find(
    (x) => x.accessPackageId === pkg.id && x.targetUserId === user.id && x.state === 'delivered',
  );
  if (active)
    throw badRequest(
      `The target '${user.id}' already has an active assignment for access package '${pkg.id}'.`,
    );
  const open = [...tenant.requestsById.values()].find(
    (r) => r.accessPackageId === pkg.id && r.targetUserId === user.id && OPEN_REQUEST_STATES.has(r.state),
  );
  if (open)
    throw badRequest(
      `The target '${user.id}' has an existing open request '${open.id}' for access package '${pkg.id}'.`,
    );
  return tenant.createAddRequest({
    pkg,
    policy,
    userId: user.id,
    schedule: body.schedule as never,
    answers: body.answers,
    justification: body.justification ?? null,
    requestor,
  });
}

/** Removal names the assignment, not the user (reference 1.4). */
function adminRemove(
  ctx: GraphContext,
  body: CreateBody,
  requestor: { objectId: string; displayName: string },
) {
  const id = body.assignment?.id;
  if (!id) throw badRequest('adminRemove needs assignment.id (the assignment, not the user).');
  const assignment = byId(ctx.tenant.assignmentsById, id);
  if (!assignment || assignment.state !== 'delivered')
    throw badRequest(`Assignment '${id}' was not found or is not active.`);
  const open = [...ctx.tenant.requestsById.values()].find(
    (r) =>
      r.assignmentId === assignment.id && r.requestType === 'adminRemove' && OPEN_REQUEST_STATES.has(r.state),
  );
  if (open) throw badRequest(`Assignment '${assignment.id}' has an existing open request '${open.id}'.`);
  return ctx.tenant.createRemoveRequest(assignment, requestor);
}

/** Whether a policy's allowedTargetScope admits the user (reference 1.3). */
function scopeAdmits(ctx: GraphContext, policy: AssignmentPolicy, user: User): boolean {
  switch (policy.allowedTargetScope) {
    case 'notSpecified':
      // An admin-only policy: direct assignment by an administrator accepts anyone.
      return true;
    case 'allDirectoryUsers':
      return true;
    case 'allMemberUsers':
      return user.userType === 'Member';
    case 'allExternalUsers':
      return user.userType === 'Guest';
    case 'specificDirectoryUsers':
      return policy.specificAllowedTargets.some((subjectSet) => {
        const target = subjectSet as Record<string, unknown>;
        const type = String(target['@odata.type']).replace(/^#/, '');
        if (type === 'microsoft.graph.singleUser')
          return String(target.userId).toLowerCase() === user.id.toLowerCase();
        if (type === 'microsoft.graph.groupMembers')
          return byId(ctx.tenant.groups, String(target.groupId))?.members.includes(user.id) ?? false;
        return false;
      });
    default:
      // Service-principal and connected-organization scopes never admit a directory user.
      return false;
  }
}
