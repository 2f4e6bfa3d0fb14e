// What one invocation works with: the ports, the configuration read once, a token provider shared
// by every Graph client of the invocation, and a Graph client per tenant. Created per invocation:
// no tenant data lives in module globals (forge-platform.md section 8).
import type { Ports } from './ports';
import type { Config, Tenant } from '../config/schema';
import { loadConfig } from './config-store';
import { createTokenProvider, type GraphClient, type TokenProvider } from '../graph';
import { tenantGraphClient } from './tenant-graph-client';
import { retryJiraReads } from './retry-jira-reads';

export interface AppOptions {
  /** Graph waits that would end after this (epoch ms) become a re-queue instead of a sleep. */
  deadline?: number;
  random?: () => number;
  /** Stop before any write to Entra and report what would have been done (sandbox --dry-run). */
  dryRun?: boolean;
}

export interface App {
  ports: Ports;
  config: Config;
  dryRun: boolean;
  tokens: TokenProvider;
  graphFor(tenant: Tenant): GraphClient;
}

export async function createApp(given: Ports, options: AppOptions = {}, config?: Config): Promise<App> {
  // Repeatable Jira calls get a second and third try within the invocation (retry-jira-reads.ts).
  const ports: Ports = { ...given, jira: retryJiraReads(given.jira, given.clock) };
  const loaded = config ?? (await loadConfig(ports.store));
  const tokens = createTokenProvider({
    http: ports.http,
    clock: ports.clock,
    store: ports.store,
    log: ports.log,
  });
  const clients = new Map<string, GraphClient>();
  const graphFor = (tenant: Tenant): GraphClient => {
    const existing = clients.get(tenant.tenantId);
    if (existing) return existing;
    const { graph } = tenantGraphClient(ports, loaded, tenant, tokens, {
      deadline: options.deadline,
      random: options.random,
    });
    clients.set(tenant.tenantId, graph);
    return graph;
  };

  return { ports, config: loaded, dryRun: options.dryRun === true, tokens, graphFor };
}
