// GET EM/catalogs (learn.microsoft.com/graph/api/entitlementmanagement-list-catalogs).
import { enumPaths, respondCollection, type GraphContext, type HandlerResult } from '../context';
import { catalogKind } from '../shapes';
import { EM_CONTEXT } from './lookup';

export function listCatalogs(ctx: GraphContext): HandlerResult {
  return respondCollection(ctx, catalogKind, [...ctx.tenant.catalogs.values()], {
    contextPath: `${EM_CONTEXT}/catalogs`,
    caseInsensitive: enumPaths(ctx, catalogKind.typeName),
  });
}
