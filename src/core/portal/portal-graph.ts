// A Graph client for the caller's tenant, sized for a resolver: Forge gives a resolver 25 s in all
// (forge-platform.md section 6) and a person is waiting, so short timeouts, few attempts, and a
// deadline after which a wait becomes an error instead of a sleep.
import type { Config, Tenant } from '../../config/schema';
import { createGraphClient, createTokenProvider, resolveCloud, type GraphClient } from '../../graph';
import type { Ports } from '../ports';

const TIMEOUT_MS = 7_000;
const ATTEMPTS = 2;
const BUDGET_MS = 15_000;

export class PortalCredentialMissingError extends Error {
  readonly code = 'credential_not_configured' as const;
}

export function portalGraph(ports: Ports, config: Config, tenant: Tenant): GraphClient {
  const credential = config.credentials.find((c) => c.id === tenant.credentialId);
  if (!credential) throw new PortalCredentialMissingError(`Tenant ${tenant.displayName} has no saved credential "${tenant.credentialId}".`);
  const cloud = resolveCloud(tenant);
  const tokens = createTokenProvider({ ...ports, maxAttempts: ATTEMPTS, timeoutMs: TIMEOUT_MS, maxWaitMs: 3_000 });
  return createGraphClient({
    http: ports.http,
    clock: ports.clock,
    log: ports.log,
    cloud,
    tenantId: tenant.tenantId,
    getToken: (o) => tokens.getToken({ cloud, tenantId: tenant.tenantId, credential, forceRefresh: o?.forceRefresh }),
    maxAttempts: ATTEMPTS,
    timeoutMs: TIMEOUT_MS,
    deadline: ports.clock.now() + BUDGET_MS,
  });
}
