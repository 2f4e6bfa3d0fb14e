// GET EM/catalogs, every page. https://learn.microsoft.com/graph/api/entitlementmanagement-list-catalogs
import type { GraphClient } from '../client';
import { CatalogSchema } from '../schemas';
import type { Catalog } from '../types';
import { EM } from './paths';

export async function listCatalogs(graph: GraphClient): Promise<Catalog[]> {
  return graph.getAllPages(`${EM}/catalogs`, CatalogSchema);
}
