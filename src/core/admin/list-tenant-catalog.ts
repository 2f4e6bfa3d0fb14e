// The tenant's catalogs with their access packages, read live from Graph, for the allow-list
// picker: the catalogs, then their packages (listAccessPackagesOfCatalogs: one call where Graph
// expands `catalog` on the list, else one per catalog).
import * as z from 'zod';
import { Guid } from '../../config/schema';
import { GraphForbiddenError, listAccessPackagesOfCatalogs, listCatalogs } from '../../graph';
import { OperationError } from '../operation';
import { adminOperation } from './deps';
import { tenantGraph } from './tenant-graph';

export interface CatalogEntry {
  id: string;
  displayName: string;
  description?: string;
  packages: { id: string; displayName: string; description?: string }[];
}

export const listTenantCatalog = adminOperation({
  input: z.object({ tenantId: Guid }).strict(),
  async run(deps, input): Promise<{ catalogs: CatalogEntry[] }> {
    const { graph, tenant } = await tenantGraph(deps, input.tenantId);
    try {
      const reading = listCatalogs(graph);
      const [catalogs, packages] = await Promise.all([reading, listAccessPackagesOfCatalogs(graph, reading)]);
      const byName = (a: { displayName: string }, b: { displayName: string }) =>
        a.displayName.localeCompare(b.displayName);
      return {
        catalogs: catalogs.sort(byName).map((c) => ({
          id: c.id,
          displayName: c.displayName,
          description: c.description,
          packages: packages
            .filter((p) => p.catalogId === c.id)
            .sort(byName)
            .map((p) => ({ id: p.id, displayName: p.displayName, description: p.description })),
        })),
      };
    } catch (error) {
      if (error instanceof GraphForbiddenError) {
        throw new OperationError(
          'permission_missing',
          `The app may not read the catalogs of tenant ${tenant.displayName}: grant it EntitlementManagement.Read.All (or ReadWrite.All) with admin consent, then run Test connection.`,
        );
      }
      throw error;
    }
  },
});
