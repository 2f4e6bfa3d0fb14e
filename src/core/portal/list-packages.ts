// The picker's one operation: what the caller may pick on this create form. For a grant request
// type, the requestable packages of the caller's tenant; for a removal request type, those the
// caller holds now. Filtered on the server by `query` (search as you type). The caller, their
// organizations, tenant and request type all come from the context; the payload says only what
// was typed, and anything else in it is refused (`.strict()`).
import * as z from 'zod';
import { loadConfig } from '../config-store';
import { portalOperation, type Explanation } from './deps';
import { callerTenant, type TenantExplanation } from './caller-tenant';
import { heldPackages, type HeldExplanation, type HeldPackage } from './held-packages';
import { orUnavailable, requireSurface } from './guards';
import { portalGraph } from './portal-graph';
import { requestablePackages } from './requestable-packages';
import { searchPackages } from './search-packages';

export interface PackageList {
  status: 'ready';
  action: 'grant' | 'remove';
  /** The caller's own tenant, as the admin named it. */
  tenantName: string;
  query: string;
  packages: HeldPackage[];
  /** Matches before the limit. */
  total: number;
}

export type PackageListAnswer =
  | PackageList
  | Explanation<'not-an-access-request'>
  | TenantExplanation
  | HeldExplanation
  | Explanation<'unavailable'>;

export const listPackages = portalOperation({
  input: z
    .object({
      query: z.string().max(100, 'At most 100 characters.').default(''),
      limit: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  async run(deps, input): Promise<PackageListAnswer> {
    requireSurface(deps, 'picker');
    return orUnavailable(deps, 'listPackages', async (): Promise<PackageListAnswer> => {
      const config = await loadConfig(deps.store);
      const requestType = config.requestTypes.find((t) => t.requestTypeId === deps.caller.requestTypeId);
      if (!requestType) {
        return {
          status: 'not-an-access-request',
          message: 'This request type does not ask for an access package.',
        };
      }
      const routed = await callerTenant(deps, config);
      if (!routed.ok) return routed.explanation;
      const { tenant } = routed;
      const graph = portalGraph(deps, config, tenant);
      const allowed = await requestablePackages(deps, graph, tenant, config.settings.lookupCacheSeconds);
      let choices: HeldPackage[] = allowed;
      if (requestType.action === 'remove') {
        const held = await heldPackages(deps, graph, tenant, allowed);
        if (!held.ok) return held.explanation;
        choices = held.packages;
      }
      const found = searchPackages(choices, input.query, input.limit);
      return {
        status: 'ready',
        action: requestType.action,
        tenantName: tenant.displayName,
        query: input.query,
        packages: found.packages,
        total: found.total,
      };
    });
  },
});
