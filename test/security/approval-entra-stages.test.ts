// Issue 11, finding 4: an app-only adminAdd skips the policy's own approval stages, so a package
// whose only policy requires approval in Entra was granted without the customer's approvers.
// Such a policy is used only when the admin marked the item "JSM approval stands in for Entra
// approval"; otherwise the customer is sent to My Access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../sandbox/demo-data';
import { saveConfig } from '../../src/core/config-store';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

let world: TestWorld;
let packageId: string;
beforeAll(async () => {
  world = await startWorld();
  const contoso = world.graphGlobal.tenant(CONTOSO);
  const general = [...contoso.catalogs.values()].find((c) => c.displayName === 'General')!;
  packageId = contoso.addAccessPackage({
    catalogId: general.id,
    displayName: 'Board Papers',
    policies: [
      {
        displayName: 'Managers approve',
        allowedTargetScope: 'allMemberUsers',
        requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false },
      },
    ],
  }).id;
});
afterAll(() => world.close());

const requestsFor = (userId: string) =>
  world.graphGlobal
    .tenant(CONTOSO)
    .assignmentRequests()
    .filter((r) => r.targetUserId === userId && r.accessPackageId === packageId);

async function markItem(item: { jsmApproval: boolean; jsmApprovalStandsInForEntra: boolean }) {
  const config = world.demo.config;
  await saveConfig(world.store, {
    ...config,
    tenants: config.tenants.map((t) =>
      t.tenantId === CONTOSO
        ? { ...t, requestable: { ...t.requestable, items: { ...t.requestable.items, [packageId]: item } } }
        : t,
    ),
  });
}

describe('a package whose only policy requires approval in Entra', () => {
  it('is not assigned directly; the customer is sent to My Access with a link', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      requestType: 'grant',
      packageName: 'Board Papers',
    });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome.failure).toBe('entra_approval_required');
    expect(outcome.publicComments.at(-1)).toContain(
      `https://myaccess.microsoft.com/@${CONTOSO}#/access-packages/${packageId}`,
    );
    expect(requestsFor(world.demo.users.adele!)).toHaveLength(0);
  });

  it('is not assigned directly after a JSM approval either, unless the item is marked to stand in', async () => {
    await markItem({ jsmApproval: true, jsmApprovalStandsInForEntra: false });
    const issue = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'grant',
      packageName: 'Board Papers',
    });
    await world.runQueue();
    expect((await world.outcome(issue.key)).failure).toBe('entra_approval_required');
    expect(requestsFor(world.demo.users.megan!)).toHaveLength(0);
  });

  it('marked "JSM approval stands in for Entra approval": waits for JSM approval, then is assigned', async () => {
    await markItem({ jsmApproval: true, jsmApprovalStandsInForEntra: true });
    const issue = await world.raise({
      customer: world.demo.customers.holder,
      requestType: 'approval',
      packageName: 'Board Papers',
    });
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
    expect(requestsFor(world.demo.users.holder!)).toHaveLength(0);
    await world.clock.sleep(1000);
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('delivered');
    expect(requestsFor(world.demo.users.holder!)).toHaveLength(1);
  });
});
