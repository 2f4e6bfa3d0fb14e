// Issue 11, finding 3: "approved" meant reaching a status name, so a declined request that an
// agent or a rule later moved to that status was provisioned. Provisioning now needs a final
// "approve" in JSM's approval record, given after the package was fixed and shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../sandbox/demo-data';
import { saveConfig } from '../../src/core/config-store';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const requestsFor = (userId: string) =>
  world.graphGlobal
    .tenant(CONTOSO)
    .assignmentRequests()
    .filter((r) => r.targetUserId === userId && r.accessPackageId === world.demo.packages.finance);

describe('a declined request', () => {
  it('ends with a comment and is never provisioned, even when moved to "In progress" later', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.guest,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    await world.clock.sleep(1000);
    world.jira.decline(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    let outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'failed', failure: 'approval_declined', status: 'Declined' });
    expect(outcome.publicComments.at(-1)).toMatch(/declined/i);
    world.jira.transition(issue.key, 'Reopen');
    world.jira.setStatus(issue.key, 'In progress');
    await world.settle();
    await world.runQueue();
    outcome = await world.outcome(issue.key);
    expect(outcome.failure).toBe('approval_declined');
    expect(requestsFor(world.demo.users.guest!)).toHaveLength(0);
  });

  it('under a configuration that still names "In progress" as the approved status', async () => {
    const config = world.demo.config;
    await saveConfig(world.store, {
      ...config,
      requestTypes: config.requestTypes.map((t) =>
        t.approval.required ? { ...t, approval: { required: true, approvedStatus: 'In progress' } } : t,
      ),
      tenants: config.tenants.map((t) => ({ ...t, requestable: { ...t.requestable, items: {} } })),
    });
    try {
      const issue = await world.raise({
        customer: world.demo.customers.dollar,
        requestType: 'approval',
        packageName: 'Finance #1',
      });
      await world.runQueue();
      world.jira.transition(issue.key, 'Decline');
      world.jira.transition(issue.key, 'Reopen');
      world.jira.setStatus(issue.key, 'In progress');
      await world.settle();
      await world.runQueue();
      expect((await world.outcome(issue.key)).phase).not.toBe('delivered');
      expect(requestsFor(world.demo.users.dollar!)).toHaveLength(0);
    } finally {
      await saveConfig(world.store, config);
    }
  });
});

describe('a request waiting for approval', () => {
  it('moved to "In progress" by an agent without any decision is not provisioned', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    world.jira.setStatus(issue.key, 'In progress');
    await world.settle();
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
    expect(requestsFor(world.demo.users.megan!)).toHaveLength(0);
  });

  it('approved before the app showed the package does not count', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.holder,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    // The approver answers before the app has read the request.
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome.failure).toBe('approval_outdated');
    expect(requestsFor(world.demo.users.holder!)).toHaveLength(0);
  });

  it('is provisioned after a final approve given after the package was shown', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    await world.clock.sleep(1000);
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    expect(requestsFor(world.demo.users.adele!)).toHaveLength(1);
  });
});
