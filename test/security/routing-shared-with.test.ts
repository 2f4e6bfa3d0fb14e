// Finding (issue 10): the Organizations field ("shared with") is set by agents and automation,
// yet when the site refused the organization look-up the app took it as the reporter's
// membership, and when the site ignored the accountId filter every organization looked like the
// reporter's, so sharing chose the tenant. An agent sharing a request with another customer's
// organization sent the reporter's request to that customer's Entra tenant.
// The fix: sharing only chooses among tenants the reporter verifiably belongs to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAndRoute, startWorld, useSite, type TestWorld } from '../integration/routing/routing-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe.each([
  ['allowed', undefined],
  ['refused', undefined],
  ['refused', 'allowed'],
  ['filter-ignored', undefined],
  ['filter-ignored', 'allowed'],
] as const)('organization look-up %s (member lists: %s)', (lookup, organizationUsers) => {
  beforeAll(() => useSite(world, lookup, organizationUsers));

  it("a Northwind request shared with Fabrikam's organization never reaches Fabrikam", async () => {
    const out = await raiseAndRoute(world, world.demo.customers.nora, {
      organizationIds: [world.demo.orgs.fabrikam],
    });
    expect(out.tenant).toBeUndefined();
    expect(out.writes).toEqual({ contoso: 0, fabrikam: 0 });
    expect(out.failure).toMatch(/^(org_not_mapped|org_membership_unknown)$/);
  });

  it("a Contoso request shared with Fabrikam's organization stays with Contoso", async () => {
    const out = await raiseAndRoute(world, world.demo.customers.adele, {
      organizationIds: [world.demo.orgs.fabrikam],
    });
    expect(out.tenant).toBe('Contoso');
    expect(out.writes.fabrikam).toBe(0);
  });

  it("a partner in Contoso's organization only, shared with Fabrikam, never reaches Fabrikam", async () => {
    const out = await raiseAndRoute(world, world.demo.customers.guest, {
      organizationIds: [world.demo.orgs.fabrikam],
    });
    expect(out.tenant).not.toBe('Fabrikam');
    expect(out.writes.fabrikam).toBe(0);
  });
});
