// GET EM/accessPackages, GET EM/accessPackages/{id}, GET EM/catalogs/{id}/accessPackages
// (learn.microsoft.com/graph/api/entitlementmanagement-list-accesspackages, accesspackage-get).
import {
  enumPaths,
  respondCollection,
  respondEntity,
  type GraphContext,
  type HandlerResult,
} from '../context';
import { notFound } from '../errors';
import { accessPackageKind } from '../shapes';
import { byId, EM_CONTEXT } from './lookup';

export function listAccessPackages(ctx: GraphContext): HandlerResult {
  return respondCollection(ctx, accessPackageKind, [...ctx.tenant.packages.values()], {
    contextPath: `${EM_CONTEXT}/accessPackages`,
    caseInsensitive: enumPaths(ctx, accessPackageKind.typeName),
  });
}

export function getAccessPackage(ctx: GraphContext): HandlerResult {
  const id = ctx.params['accessPackage-id'] as string;
  const pkg = byId(ctx.tenant.packages, id);
  if (!pkg) throw notFound('accessPackage', id);
  return respondEntity(ctx, accessPackageKind, pkg, `${EM_CONTEXT}/accessPackages`);
}

export function listCatalogAccessPackages(ctx: GraphContext): HandlerResult {
  const id = ctx.params['accessPackageCatalog-id'] as string;
  const catalog = byId(ctx.tenant.catalogs, id);
  if (!catalog) throw notFound('accessPackageCatalog', id);
  const packages = [...ctx.tenant.packages.values()].filter((p) => p.catalogId === catalog.id);
  return respondCollection(ctx, accessPackageKind, packages, {
    contextPath: `${EM_CONTEXT}/catalogs('${catalog.id}')/accessPackages`,
    caseInsensitive: enumPaths(ctx, accessPackageKind.typeName),
  });
}
