// GET EM/accessPackages?$filter=displayName eq '...' (or the same under one catalog).
// Results span every catalog the app can read and names repeat across catalogs: the caller
// decides what an ambiguous name means (graph-entitlement.md section 1.1). Across catalogs,
// `$expand=catalog` says which catalog each package is in (Graph never inlines a navigation
// property unless expanded); under one catalog, the catalog is known.
// https://learn.microsoft.com/graph/api/entitlementmanagement-list-accesspackages
import type { GraphClient } from '../client';
import { encodePathSegment, encodeQuery, odataLiteral } from '../odata';
import { AccessPackageSchema } from '../schemas';
import type { AccessPackage } from '../types';
import { EM } from './paths';

export async function listAccessPackages(
  graph: GraphClient,
  options: { displayName?: string; catalogId?: string } = {},
): Promise<AccessPackage[]> {
  const params: Record<string, string> = {};
  if (options.displayName !== undefined)
    params.$filter = `displayName eq ${odataLiteral(options.displayName)}`;
  const query = encodeQuery(params);
  if (options.catalogId !== undefined) {
    const { catalogId } = options;
    const packages = await graph.getAllPages(
      `${EM}/catalogs/${encodePathSegment(catalogId)}/accessPackages${query}`,
      AccessPackageSchema,
    );
    // Listed under the catalog: that is its catalog even when Graph omits `catalog`.
    return packages.map((p) => ({ ...p, catalogId: p.catalogId ?? catalogId }));
  }
  return graph.getAllPages(
    `${EM}/accessPackages${encodeQuery({ ...params, $expand: 'catalog' })}`,
    AccessPackageSchema,
  );
}
