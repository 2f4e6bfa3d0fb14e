// Finding (issue 10): the portal panels took GET /organization?accountId= at its word. On a site
// that ignores the filter, every organization comes back for every customer, so any customer
// "shared" every request: Nora of Northwind could read the status of a Contoso request shared
// with Contoso's organization. Membership must be verified as the access-request workflow does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callPortal, picker, value } from '../integration/portal/portal-support';
import { startWorld, useSite, type TestWorld } from '../integration/routing/routing-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe.each([
  ['filter-ignored', undefined],
  ['filter-ignored', 'allowed'],
  ['refused', undefined],
  ['refused', 'allowed'],
  ['allowed', undefined],
] as const)('organization look-up %s (member lists: %s)', (lookup, users) => {
  beforeEach(() => useSite(world, 'allowed'));

  it("a customer of another organization never sees a request shared with Contoso's organization", async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
      organizationIds: [world.demo.orgs.contoso],
    });
    useSite(world, lookup, users);
    const nora = world.demo.customers.nora.accountId;
    const answer = value(
      await callPortal(world, { panel: 'status', accountId: nora, issueKey: issue.key }, 'requestStatus', {}),
    );
    expect(answer).toMatchObject({ status: 'not-available' });
  });

  it("the picker never offers Contoso's packages to a Northwind customer", async () => {
    useSite(world, lookup, users);
    const answer = value(
      await callPortal(world, picker(world, world.demo.customers.nora.accountId), 'listPackages', {}),
    );
    expect(answer).not.toMatchObject({ tenantName: 'Contoso' });
    expect(JSON.stringify(answer)).not.toContain('Sales & Marketing');
  });
});
