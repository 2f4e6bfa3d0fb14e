// GET EM/accessPackages?$filter=displayName eq '...' (or the same under one catalog).
// Results span every catalog the app can read and names repeat across catalogs: the caller
// decides what an ambiguous name means (a display name is not a key:
// https://learn.microsoft.com/graph/api/resources/accesspackage). The list documents
// `$select` and `$filter` only, so a tenant-wide listing does not say which catalog a package is
// in; under one catalog, the catalog is known.
// https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-accesspackages?view=graph-rest-1.0
import type { GraphClient } from '../client';
import { GraphBadRequestError } from '../errors';
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
  return graph.getAllPages(`${EM}/accessPackages${query}`, AccessPackageSchema);
}

/**
 * Every package of the catalogs, each with its catalog. One call when Graph expands `catalog` on
 * the tenant-wide list, which its page does not document (made while the catalogs are still being
 * read); when Graph refuses that (400), one listing per catalog instead.
 */
export async function listAccessPackagesOfCatalogs(
  graph: GraphClient,
  catalogs: Promise<readonly { id: string }[]>,
): Promise<AccessPackage[]> {
  try {
    return await graph.getAllPages(
      `${EM}/accessPackages${encodeQuery({ $expand: 'catalog' })}`,
      AccessPackageSchema,
    );
  } catch (error) {
    if (!(error instanceof GraphBadRequestError)) throw error;
  }
  const lists = await Promise.all(
    (await catalogs).map((catalog) => listAccessPackages(graph, { catalogId: catalog.id })),
  );
  return lists.flat();
}
