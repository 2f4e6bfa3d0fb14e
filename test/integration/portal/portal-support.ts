// Calls the portal operations the way the resolver does: a Forge-shaped context (the sandbox's
// panelContext, the same the browser panels get) read by callerFromContext, then runOperation on
// the registry, with the world's ports.
import { runOperation, type OperationResponse } from '../../../src/core/operation';
import { callerFromContext } from '../../../src/core/portal/caller';
import { portalOperations } from '../../../src/core/portal/operations';
import type { PortalDeps } from '../../../src/core/portal/deps';
import { panelContext, type PanelSpec } from '../../../sandbox/portal-context';
import type { TestWorld } from '../workflow/world-support';

export async function callPortal(
  world: TestWorld,
  spec: PanelSpec,
  name: string,
  payload: unknown,
): Promise<OperationResponse<Record<string, unknown>>> {
  const caller = callerFromContext(panelContext(spec));
  if (!caller) throw new Error('no caller in the context');
  const deps: PortalDeps = {
    ...world.ports,
    caller,
    agents: { isAgentOn: async () => caller.accountId === world.jira.agentAccountId },
  };
  return (await runOperation(portalOperations, name, payload, deps, world.ports.log)) as OperationResponse<
    Record<string, unknown>
  >;
}

export const picker = (
  world: TestWorld,
  accountId: string,
  type: 'grant' | 'remove' | 'approval' = 'grant',
): PanelSpec => ({
  panel: 'picker',
  accountId,
  requestTypeId: world.demo.requestTypes[type],
});

export function value<T = Record<string, unknown>>(response: OperationResponse<Record<string, unknown>>): T {
  if (!response.ok) throw new Error(`expected ok, got ${response.code}: ${response.message}`);
  return response.value as T;
}

export interface ReadyList {
  status: 'ready';
  action: string;
  tenantName: string;
  packages: {
    id: string;
    displayName: string;
    description?: string;
    catalogName?: string;
    endDateTime?: string;
  }[];
  total: number;
}
