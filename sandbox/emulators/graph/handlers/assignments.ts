// GET EM/assignments (learn.microsoft.com/graph/api/entitlementmanagement-list-assignments).
// Includes expired and failed assignments, as Graph does: callers check `state` (reference 1.6).
import { enumPaths, respondCollection, type GraphContext, type HandlerResult } from '../context';
import { assignmentKind } from '../shapes';
import { EM_CONTEXT } from './lookup';

export function listAssignments(ctx: GraphContext): HandlerResult {
  return respondCollection(ctx, assignmentKind, [...ctx.tenant.assignmentsById.values()], {
    contextPath: `${EM_CONTEXT}/assignments`,
    caseInsensitive: enumPaths(ctx, assignmentKind.typeName),
  });
}
