// A Graph client for the caller's tenant, on the interactive budget (tenant-graph-client.ts):
// Forge gives a resolver 25 s in all (forge-platform.md section 6) and a person is waiting.
import type { Config, Tenant } from '../../config/schema';
import type { GraphClient } from '../../graph';
import type { Ports } from '../ports';
import { interactiveBudget, interactiveTokens, tenantGraphClient } from '../tenant-graph-client';

export function portalGraph(ports: Ports, config: Config, tenant: Tenant): GraphClient {
  return tenantGraphClient(ports, config, tenant, interactiveTokens(ports), interactiveBudget(ports)).graph;
}
