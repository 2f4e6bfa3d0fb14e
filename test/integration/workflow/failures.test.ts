// Every way a request can end without access has its own words, for the customer and for agents,
// and none of them writes to Entra.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../../sandbox/demo-data';
import { startWorld, type TestWorld } from './world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

async function ends(input: Parameters<TestWorld['raise']>[0]) {
  const before = world.graphGlobal.tenant(CONTOSO).assignmentRequests().length;
  const issue = await world.raise(input);
  const run = await world.runQueue();
  expect(run.outcomes['gave-up']).toBe(0);
  const outcome = await world.outcome(issue.key);
  return {
    ...outcome,
    graphWrites: world.graphGlobal.tenant(CONTOSO).assignmentRequests().length - before,
    issue,
  };
}

describe('a request that cannot be granted', () => {
  it('from an organization mapped to no tenant', async () => {
    const out = await ends({ customer: world.demo.customers.nora, packageName: 'Sales & Marketing' });
    expect(out).toMatchObject({ phase: 'failed', failure: 'org_not_mapped', graphWrites: 0 });
    expect(out.publicComments).toEqual([
      expect.stringMatching(/^Your organization is not set up for access requests yet\./),
    ]);
    expect(out.internalComments[0]).toMatch(
      /Neither the reporter's organizations \(Northwind\) nor their email domain \([a-z.]+\) is mapped to a tenant\. Map the organization or the domain on the admin page/,
    );
  });

  it('from a reporter whose organizations map to several tenants', async () => {
    const out = await ends({ customer: world.demo.customers.both, packageName: 'Sales & Marketing' });
    expect(out).toMatchObject({ phase: 'failed', failure: 'several_orgs', graphWrites: 0 });
    expect(out.internalComments[0]).toMatch(
      /organization Contoso -> Contoso; organization Fabrikam -> Fabrikam/,
    );
  });

  it('but a request shared with exactly one of those organizations is routed by it', async () => {
    const out = await ends({
      customer: world.demo.customers.both,
      packageName: 'Sales & Marketing',
      organizationIds: [world.demo.orgs.contoso],
    });
    expect(out).toMatchObject({ phase: 'delivered', graphWrites: 1 });
  });

  it('for a package outside the allow-list', async () => {
    const out = await ends({ customer: world.demo.customers.adele, packageName: 'Payroll Admin' });
    expect(out).toMatchObject({ phase: 'failed', failure: 'not_requestable', graphWrites: 0 });
    expect(out.publicComments[0]).toMatch(
      /^Payroll Admin is not something we can request for your organization/,
    );
    expect(out.internalComments[0]).toContain(world.demo.packages.payroll);
  });

  it('for a package id outside the allow-list', async () => {
    const out = await ends({
      customer: world.demo.customers.adele,
      packageName: world.demo.packages.payroll,
    });
    expect(out).toMatchObject({ failure: 'not_requestable', graphWrites: 0 });
  });

  it('for a package that does not exist', async () => {
    const out = await ends({ customer: world.demo.customers.adele, packageName: 'Sales and Marketing' });
    expect(out).toMatchObject({ failure: 'package_not_found', graphWrites: 0 });
    expect(out.publicComments[0]).toMatch(/could not find an access package called Sales and Marketing\./);
  });

  it('for a name two allowed catalogs share, listing both candidates', async () => {
    const out = await ends({ customer: world.demo.customers.adele, packageName: 'Shared Drive' });
    expect(out).toMatchObject({ failure: 'package_ambiguous', graphWrites: 0 });
    expect(out.internalComments[0]).toContain(world.demo.packages.sharedGeneral);
    expect(out.internalComments[0]).toContain(world.demo.packages.sharedPartners);
  });

  it('when several policies could apply, naming them', async () => {
    const out = await ends({ customer: world.demo.customers.adele, packageName: 'Members Only' });
    expect(out).toMatchObject({ failure: 'no_policy_fits', graphWrites: 0 });
    expect(out.internalComments[0]).toMatch(/Several policies could apply \("Members A".*"Members B"/);
  });

  it('when the reporter is not in the tenant', async () => {
    const out = await ends({ customer: world.demo.customers.ghost, packageName: 'Sales & Marketing' });
    expect(out).toMatchObject({ failure: 'user_not_found', graphWrites: 0 });
    expect(out.publicComments[0]).toMatch(
      /could not find ghost@contoso.com in your organization's directory/,
    );
  });

  it('when the package field is empty', async () => {
    const out = await ends({ customer: world.demo.customers.adele });
    expect(out).toMatchObject({ failure: 'package_missing', graphWrites: 0 });
  });

  it('when the end date has passed', async () => {
    const out = await ends({
      customer: world.demo.customers.adele,
      packageName: "O'Brien's Team",
      endDate: '2020-01-01',
    });
    expect(out).toMatchObject({ failure: 'end_date_invalid', graphWrites: 0 });
  });

  it('when the user already has the package: says so and resolves the ticket', async () => {
    const out = await ends({ customer: world.demo.customers.holder, packageName: 'Sales & Marketing' });
    expect(out).toMatchObject({ phase: 'already-done', status: 'Resolved', graphWrites: 0 });
    expect(out.publicComments[0]).toMatch(/^You already have access to 'Sales & Marketing'/);
  });

  it('when a request for the package is already open', async () => {
    world.graphGlobal
      .tenant(CONTOSO)
      .setOutcome(world.demo.packages.rnd, { outcome: 'delivered', afterPolls: 1000 });
    const first = await world.raise({ customer: world.demo.customers.adele, packageName: 'R+D Lab' });
    await world.runQueue({ maxDeliveries: 3 });
    const out = await ends({ customer: world.demo.customers.adele, packageName: 'R+D Lab' });
    expect(out).toMatchObject({ failure: 'open_request_exists', graphWrites: 0 });
    expect(out.publicComments[0]).toMatch(/already a request in progress for 'R\+D Lab'/);
    // The first ticket's request never completes here: it is followed until the give-up time.
    expect((await world.outcome(first.key)).failure).toBe('follow_up_timed_out');
  });

  it('when Entra denies it, or fails delivery', async () => {
    const tenant = world.graphGlobal.tenant(CONTOSO);
    tenant.setOutcome(world.demo.packages.ventes, { outcome: 'denied' });
    const denied = await ends({ customer: world.demo.customers.adele, packageName: 'Ventes – Équipe' });
    expect(denied).toMatchObject({ phase: 'failed', failure: 'entra_denied', graphWrites: 1 });
    expect(denied.publicComments.at(-1)).toBe('This access request was denied.');
    tenant.setOutcome(world.demo.packages.sales, { outcome: 'deliveryFailed' });
    const failed = await ends({ customer: world.demo.customers.megan, packageName: 'Sales & Marketing' });
    expect(failed).toMatchObject({ phase: 'failed', failure: 'entra_failed' });
    expect(failed.internalComments.at(-1)).toMatch(/Entra reports delivery failed/);
  });

  it('when Entra never finishes: gives up after the configured time with a comment', async () => {
    world.graphGlobal
      .tenant(CONTOSO)
      .setOutcome(world.demo.packages.obrien, { outcome: 'delivered', afterPolls: 100_000 });
    const start = world.clock.now();
    const out = await ends({ customer: world.demo.customers.dollar, packageName: "O'Brien's Team" });
    expect(out).toMatchObject({ phase: 'failed', failure: 'follow_up_timed_out' });
    expect(world.clock.now() - start).toBeGreaterThanOrEqual(72 * 3600_000);
    expect(out.internalComments.at(-1)).toMatch(/still "(submitted|delivering)" after 72 hours/);
  });
});
