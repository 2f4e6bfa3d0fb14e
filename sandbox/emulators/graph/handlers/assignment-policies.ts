// GET EM/assignmentPolicies/{id} (learn.microsoft.com/graph/api/accesspackageassignmentpolicy-get);
// $expand=customExtensionStageSettings($expand=customExtension) works as the reference shows (1.2).
import { respondEntity, type GraphContext, type HandlerResult } from '../context';
import { notFound } from '../errors';
import { policyKind } from '../shapes';
import { byId, EM_CONTEXT } from './lookup';

export function getAssignmentPolicy(ctx: GraphContext): HandlerResult {
  const id = ctx.params['accessPackageAssignmentPolicy-id'] as string;
  const policy = byId(ctx.tenant.policies, id);
  if (!policy) throw notFound('accessPackageAssignmentPolicy', id);
  return respondEntity(ctx, policyKind, policy, `${EM_CONTEXT}/assignmentPolicies`);
}
