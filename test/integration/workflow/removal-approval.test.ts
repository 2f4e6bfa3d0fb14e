// Removal requests, and requests that wait for JSM approval before anything reaches Entra.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../../sandbox/demo-data';
import { startWorld, type TestWorld } from './world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe('a removal request', () => {
  it("removes the reporter's delivered assignment with adminRemove and resolves the ticket", async () => {
    const tenant = world.graphGlobal.tenant(CONTOSO);
    const held = tenant
      .assignments()
      .find(
        (a) => a.targetUserId === world.demo.users.holder && a.accessPackageId === world.demo.packages.sales,
      )!;
    const issue = await world.raise({
      customer: world.demo.customers.holder,
      requestType: 'remove',
      packageName: 'Sales & Marketing',
    });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'removed', status: 'Resolved' });
    expect(outcome.publicComments.at(-1)).toBe("Your access to 'Sales & Marketing' has been removed.");
    const removal = tenant.assignmentRequests().find((r) => r.requestType === 'adminRemove');
    expect(removal?.assignmentId).toBe(held.id);
    expect(tenant.assignments().find((a) => a.id === held.id)?.state).not.toBe('delivered');
  });

  it('with nothing to remove says so and resolves the ticket without writing to Entra', async () => {
    const before = world.graphGlobal.tenant(CONTOSO).assignmentRequests().length;
    const issue = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'remove',
      packageName: 'Payroll Admin',
    });
    await world.runQueue();
    // Payroll Admin is not requestable: removal requests obey the same allow-list.
    expect((await world.outcome(issue.key)).failure).toBe('not_requestable');
    const none = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'remove',
      packageName: 'Shared Drive',
    });
    await world.runQueue();
    expect((await world.outcome(none.key)).failure).toBe('package_ambiguous');
    const nothing = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'remove',
      packageName: world.demo.packages.sharedGeneral,
    });
    await world.runQueue();
    expect(await world.outcome(nothing.key)).toMatchObject({ phase: 'already-done', status: 'Resolved' });
    expect(world.graphGlobal.tenant(CONTOSO).assignmentRequests().length).toBe(before);
  });
});

describe('a request that waits for JSM approval', () => {
  it('shows the resolved package, waits, then provisions once the approver approves', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.guest,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    let outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'waiting-for-approval', status: 'Waiting for approval' });
    expect(outcome.publicComments).toEqual([
      "This request needs approval first. We will ask for access to 'Finance #1' as soon as it is approved.",
    ]);
    expect(world.jira.approvals(issue.key)).toMatchObject([
      { finalDecision: 'pending', approverIds: [world.demo.approver] },
    ]);
    expect(
      world.graphGlobal
        .tenant(CONTOSO)
        .assignmentRequests()
        .filter(
          (r) =>
            r.targetUserId === world.demo.users.guest && r.accessPackageId === world.demo.packages.finance,
        ),
    ).toHaveLength(0);

    await world.clock.sleep(1000);
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'delivered', status: 'Resolved' });
  });

  it('is never provisioned when declined', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.dollar,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    await world.clock.sleep(1000);
    world.jira.decline(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({
      phase: 'failed',
      failure: 'approval_declined',
      status: 'Declined',
    });
    expect(
      world.graphGlobal
        .tenant(CONTOSO)
        .assignmentRequests()
        .filter(
          (r) =>
            r.targetUserId === world.demo.users.dollar && r.accessPackageId === world.demo.packages.finance,
        ),
    ).toHaveLength(0);
  });

  it('the approval request type gates a package nobody marked (the request type adds a gate)', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'approval',
      packageName: "O'Brien's Team",
    });
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
  });
});
