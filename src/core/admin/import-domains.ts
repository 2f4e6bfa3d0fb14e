// The tenant's verified domains, read live from Graph (GET /domains, Domain.Read.All), for the
// admin to add to the tenant's email-domain routing. Nothing is saved here: the page adds the
// domains to the draft and the admin saves, so the configuration's rules (a domain belongs to one
// tenant only) run as for typed domains. Domains another tenant already maps are reported apart.
// https://learn.microsoft.com/graph/api/domain-list
import * as z from 'zod';
import { Guid } from '../../config/schema';
import { GraphForbiddenError, listDomains } from '../../graph';
import { loadConfig } from '../config-store';
import { OperationError } from '../operation';
import { adminOperation, auditAdmin } from './deps';
import { tenantGraph } from './tenant-graph';

export interface ImportedDomains {
  /** Verified domains this tenant may take, sorted. */
  domains: string[];
  /** Verified domains already mapped to another saved tenant: not offered. */
  takenByOtherTenants: { domain: string; tenantName: string }[];
  /** Domains the tenant has added but not verified: never offered (anyone can add a domain). */
  unverified: string[];
}

export const importDomains = adminOperation({
  input: z.object({ tenantId: Guid }).strict(),
  async run(deps, input): Promise<ImportedDomains> {
    const startedAt = deps.clock.now();
    const { graph, tenant } = await tenantGraph(deps, input.tenantId);
    let found;
    try {
      found = await listDomains(graph);
    } catch (error) {
      if (error instanceof GraphForbiddenError) {
        throw new OperationError(
          'permission_missing',
          `The app may not read the domains of tenant ${tenant.displayName}: grant it the Microsoft Graph application permission Domain.Read.All with admin consent, or type the domains in.`,
        );
      }
      throw error;
    }
    const config = await loadConfig(deps.store);
    const owner = new Map<string, string>();
    for (const other of config.tenants)
      if (other.tenantId !== tenant.tenantId) for (const d of other.domains) owner.set(d, other.displayName);
    const verified = found.filter((d) => d.isVerified).map((d) => d.id);
    const result: ImportedDomains = {
      domains: verified.filter((d) => !owner.has(d)).sort(),
      takenByOtherTenants: verified
        .filter((d) => owner.has(d))
        .sort()
        .map((domain) => ({ domain, tenantName: owner.get(domain)! })),
      unverified: found
        .filter((d) => !d.isVerified)
        .map((d) => d.id)
        .sort(),
    };
    await auditAdmin(deps, {
      ref: `tenant:${tenant.tenantId}`,
      tenantId: tenant.tenantId,
      action: 'admin.import-domains',
      outcome: 'ok',
      detail: `${result.domains.length} verified domain(s) offered`,
      startedAt,
    });
    return result;
  },
});
