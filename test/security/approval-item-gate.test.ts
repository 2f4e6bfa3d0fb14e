// Issue 11, finding 1: approval was a property of the request type, so a customer raised an
// approval-gated package on the plain grant type (JSM accepts hidden request types through REST)
// and got it at once. Approval is now a property of the allow-listed package or catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../sandbox/demo-data';
import { saveConfig } from '../../src/core/config-store';
import { ConfigSchema } from '../../src/config/schema';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const requestsFor = (userId: string, accessPackageId: string) =>
  world.graphGlobal
    .tenant(CONTOSO)
    .assignmentRequests()
    .filter((r) => r.targetUserId === userId && r.accessPackageId === accessPackageId);

describe('a package marked "needs JSM approval"', () => {
  it('raised on the plain grant request type waits for approval and is not provisioned', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      requestType: 'grant',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome.phase).toBe('waiting-for-approval');
    expect(requestsFor(world.demo.users.adele!, world.demo.packages.finance)).toHaveLength(0);
    // An agent or a rule moving it on is not an approval.
    world.jira.transition(issue.key, 'Start progress');
    await world.settle();
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
    expect(requestsFor(world.demo.users.adele!, world.demo.packages.finance)).toHaveLength(0);
  });

  it('through its catalog: every package of a marked catalog waits', async () => {
    const catalogId = [...world.graphGlobal.tenant(CONTOSO).catalogs.values()].find(
      (c) => c.displayName === 'Partners',
    )!.id;
    const config = world.demo.config;
    await saveConfig(world.store, {
      ...config,
      tenants: config.tenants.map((t) =>
        t.tenantId === CONTOSO
          ? { ...t, requestable: { ...t.requestable, items: { [catalogId]: { jsmApproval: true } } } }
          : t,
      ),
    });
    try {
      const issue = await world.raise({
        customer: world.demo.customers.megan,
        requestType: 'grant',
        packageName: world.demo.packages.sharedPartners,
      });
      await world.runQueue();
      expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
      expect(requestsFor(world.demo.users.megan!, world.demo.packages.sharedPartners)).toHaveLength(0);
    } finally {
      await saveConfig(world.store, config);
    }
  });
});

describe('a configuration exported before approvals moved to the allow-list', () => {
  const legacy = {
    version: 1,
    requestTypes: [
      {
        requestTypeId: '3',
        serviceDeskId: '1',
        projectId: '10000',
        issueTypeId: '10003',
        action: 'grant',
        approval: { required: true, approvedStatus: 'In progress' },
      },
    ],
  };

  it('still imports; the request type still gates, the status name is kept but no longer decides', () => {
    const parsed = ConfigSchema.parse(legacy);
    expect(parsed.requestTypes[0]!.approval).toEqual({ required: true, approvedStatus: 'In progress' });
  });

  it('keeps the items mark per package when ids are written in upper case', () => {
    const id = 'AAAAAAAA-0000-4000-8000-000000000001';
    const parsed = ConfigSchema.parse({
      credentials: [{ id: 'c', displayName: 'C', clientId: id, kind: 'secret' }],
      tenants: [
        {
          tenantId: CONTOSO,
          displayName: 'Contoso',
          cloud: 'global',
          credentialId: 'c',
          requestable: { accessPackageIds: [id], items: { [id]: { jsmApproval: true } } },
        },
      ],
    });
    expect(parsed.tenants[0]!.requestable.items[id.toLowerCase()]).toEqual({
      jsmApproval: true,
      jsmApprovalStandsInForEntra: false,
    });
  });
});
