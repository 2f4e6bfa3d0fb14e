// A Graph client for one configured tenant, for the admin operations that talk to Graph (test
// connection, catalog picker). Short timeouts and few attempts: a resolver has 25 s in all
// (forge-platform.md section 6), and a person is waiting.
import type { Credential, Tenant } from '../../config/schema';
import { loadConfig } from '../config-store';
import { OperationError } from '../operation';
import { createGraphClient, createTokenProvider, resolveCloud, type Cloud, type GraphClient, type TokenProvider } from '../../graph';
import type { Ports } from '../ports';

export interface TenantGraph {
  tenant: Tenant;
  credential: Credential;
  cloud: Cloud;
  tokens: TokenProvider;
  graph: GraphClient;
  /** A token for this tenant; `forceRefresh` asks Entra again instead of using the cache. */
  token(forceRefresh?: boolean): Promise<string>;
}

const TIMEOUT_MS = 7_000;
const ATTEMPTS = 2;

export async function tenantGraph(ports: Ports, tenantId: string): Promise<TenantGraph> {
  const config = await loadConfig(ports.store);
  const tenant = config.tenants.find((t) => t.tenantId === tenantId.toLowerCase());
  if (!tenant) {
    throw new OperationError('not_found', `Tenant ${tenantId} is not in the saved configuration: save it first.`, [
      { path: 'tenantId', message: 'Save this tenant first.' },
    ]);
  }
  const credential = config.credentials.find((c) => c.id === tenant.credentialId);
  if (!credential) {
    throw new OperationError('not_found', `Tenant ${tenant.displayName} uses credential "${tenant.credentialId}", which is not saved.`);
  }
  const cloud = resolveCloud(tenant);
  const tokens = createTokenProvider({ http: ports.http, clock: ports.clock, store: ports.store, log: ports.log, maxAttempts: ATTEMPTS, timeoutMs: TIMEOUT_MS, maxWaitMs: 3_000 });
  const token = (forceRefresh = false) => tokens.getToken({ cloud, tenantId: tenant.tenantId, credential, forceRefresh });
  const graph = createGraphClient({
    http: ports.http,
    clock: ports.clock,
    log: ports.log,
    cloud,
    tenantId: tenant.tenantId,
    getToken: (o) => token(o?.forceRefresh),
    maxAttempts: ATTEMPTS,
    timeoutMs: TIMEOUT_MS,
    deadline: ports.clock.now() + 15_000,
  });
  return { tenant, credential, cloud, tokens, graph, token };
}
