// A demo world whose Jira site behaves as each organization look-up setting says, and one call
// that raises a grant request and reports where it went (issue 10).
import { CONTOSO, FABRIKAM, type DemoCustomer } from '../../../sandbox/demo-data';
import type { OrganizationLookup } from '../../../sandbox/emulators/jira';
import { loadTicketState } from '../../../src/core/access-request/ticket-state';
import { startWorld, type TestWorld } from '../workflow/world-support';

export { startWorld, type TestWorld };

export interface Routed {
  key: string;
  /** The tenant the request was routed to, if any. */
  tenant?: 'Contoso' | 'Fabrikam';
  failure?: string;
  internalComments: string[];
  publicComments: string[];
  /** Assignment requests written to each tenant by this request. */
  writes: { contoso: number; fabrikam: number };
}

export function useSite(
  world: TestWorld,
  lookup: OrganizationLookup,
  organizationUsers?: 'allowed' | 'refused',
): void {
  world.jira.settings.organizationLookup = lookup;
  world.jira.settings.organizationUsers = organizationUsers;
}

export async function raiseAndRoute(
  world: TestWorld,
  customer: DemoCustomer,
  options: { packageName?: string; organizationIds?: string[] } = {},
): Promise<Routed> {
  const writes = () => ({
    contoso: world.graphGlobal.tenant(CONTOSO).assignmentRequests().length,
    fabrikam: world.graphCustom.tenant(FABRIKAM).assignmentRequests().length,
  });
  const before = writes();
  const issue = await world.raise({
    customer,
    packageName: options.packageName ?? 'Sales & Marketing',
    organizationIds: options.organizationIds,
  });
  await world.runQueue();
  const state = await loadTicketState(world.store, issue.id);
  const outcome = await world.outcome(issue.key);
  const after = writes();
  return {
    key: issue.key,
    tenant: state?.tenantId === CONTOSO ? 'Contoso' : state?.tenantId === FABRIKAM ? 'Fabrikam' : undefined,
    failure: outcome.failure,
    internalComments: outcome.internalComments,
    publicComments: outcome.publicComments,
    writes: { contoso: after.contoso - before.contoso, fabrikam: after.fabrikam - before.fabrikam },
  };
}
