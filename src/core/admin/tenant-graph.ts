// A Graph client for one configured tenant, for the admin operations that talk to Graph (test
// connection, catalog picker), on the interactive budget: a resolver has 25 s in all
// (forge-platform.md section 6), and a person is waiting.
import { loadConfig } from '../config-store';
import { OperationError } from '../operation';
import type { Ports } from '../ports';
import {
  CredentialNotConfiguredError,
  interactiveBudget,
  interactiveTokens,
  tenantGraphClient,
  type TenantGraphClient,
} from '../tenant-graph-client';

export type TenantGraph = TenantGraphClient;

export async function tenantGraph(ports: Ports, tenantId: string): Promise<TenantGraph> {
  const config = await loadConfig(ports.store);
  const tenant = config.tenants.find((t) => t.tenantId === tenantId.toLowerCase());
  if (!tenant) {
    throw new OperationError(
      'not_found',
      `Tenant ${tenantId} is not in the saved configuration: save it first.`,
      [{ path: 'tenantId', message: 'Save this tenant first.' }],
    );
  }
  try {
    return tenantGraphClient(ports, config, tenant, interactiveTokens(ports), interactiveBudget(ports));
  } catch (error) {
    if (error instanceof CredentialNotConfiguredError)
      throw new OperationError('not_found', `${error.message} Save the credential first.`);
    throw error;
  }
}
