// A Graph client for one configured tenant: its cloud, its credential, tokens from the shared
// provider. The one place that wires these together, for the workflows (app.ts), the admin
// operations and the portal resolver, which differ only in their time budget.
import type { Config, Credential, Tenant } from '../config/schema';
import {
  createGraphClient,
  createTokenProvider,
  resolveCloud,
  type Cloud,
  type GraphClient,
  type TokenProvider,
} from '../graph';
import type { Ports } from './ports';

export class CredentialNotConfiguredError extends Error {
  readonly code = 'credential_not_configured' as const;
}

/** How patient the client is. A resolver has 25 s in all and a person waits (forge-platform.md 6). */
export interface GraphBudget {
  timeoutMs?: number;
  maxAttempts?: number;
  /** Graph waits that would end after this (epoch ms) become an error instead of a sleep. */
  deadline?: number;
  random?: () => number;
}

export const INTERACTIVE_BUDGET_MS = 15_000;
/** For resolvers: short timeouts, two attempts, and a deadline 15 s out. */
export const interactiveBudget = (ports: Ports): GraphBudget => ({
  timeoutMs: 7_000,
  maxAttempts: 2,
  deadline: ports.clock.now() + INTERACTIVE_BUDGET_MS,
});
/** Token provider for resolvers: the same short timeouts, and no long Retry-After waits. */
export const interactiveTokens = (ports: Ports): TokenProvider =>
  createTokenProvider({ ...ports, maxAttempts: 2, timeoutMs: 7_000, maxWaitMs: 3_000 });

export function credentialOf(config: Config, tenant: Tenant): Credential {
  const credential = config.credentials.find((c) => c.id === tenant.credentialId);
  if (!credential) {
    throw new CredentialNotConfiguredError(
      `Tenant ${tenant.displayName} uses credential "${tenant.credentialId}", which is not configured.`,
    );
  }
  return credential;
}

export interface TenantGraphClient {
  tenant: Tenant;
  credential: Credential;
  cloud: Cloud;
  graph: GraphClient;
  /** A token for this tenant; `forceRefresh` asks Entra again instead of using the cache. */
  token(forceRefresh?: boolean): Promise<string>;
}

export function tenantGraphClient(
  ports: Ports,
  config: Config,
  tenant: Tenant,
  tokens: TokenProvider,
  budget: GraphBudget = {},
): TenantGraphClient {
  const credential = credentialOf(config, tenant);
  const cloud = resolveCloud(tenant);
  const token = (forceRefresh = false) =>
    tokens.getToken({ cloud, tenantId: tenant.tenantId, credential, forceRefresh });
  const graph = createGraphClient({
    http: ports.http,
    clock: ports.clock,
    log: ports.log,
    cloud,
    tenantId: tenant.tenantId,
    // A 401 asks once for a fresh token (forceRefresh) before failing.
    getToken: (o) => token(o?.forceRefresh),
    ...budget,
  });
  return { tenant, credential, cloud, graph, token };
}
