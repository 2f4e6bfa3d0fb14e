// The workflow reads the package picked on the portal from the issue property Jira keeps for the
// panel (keyed by the app id's UUID, found by listing the keys) and re-checks it against the
// tenant's allow-list: a forged property never leads to a Graph write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../../sandbox/demo-data';
import { SANDBOX_APP_UUID } from '../../../sandbox/portal-context';
import { setIssueProperty } from '../../../src/jira';
import { PICKER_FIELD_KEY, pickerValue } from '../../../src/core/portal/picker-value';
import { startWorld, type TestWorld } from '../workflow/world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

/** Raises a request with the package field set to `field` and the given properties on it, before the queue runs. */
async function raiseWith(
  customer: keyof TestWorld['demo']['customers'],
  field: string | undefined,
  properties: Record<string, unknown>,
) {
  const issue = await world.raise({ customer: world.demo.customers[customer], packageName: field });
  for (const [key, value] of Object.entries(properties))
    await setIssueProperty(world.ports.jira, issue.key, key, value);
  return issue;
}
const picked = (id: string, name = 'whatever the page said') => ({
  [PICKER_FIELD_KEY]: pickerValue(id, name),
});
const writes = () =>
  Object.entries(world.graphGlobal.counters.byRoute)
    .filter(([route]) => route.startsWith('POST'))
    .reduce((n, [, c]) => n + c, 0);

describe('the portal pick', () => {
  it('is what the workflow requests, when the visible field names the same package', async () => {
    const issue = await raiseWith('megan', 'Ventes – Équipe', {
      [SANDBOX_APP_UUID]: picked(world.demo.packages.ventes),
    });
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'delivered' });
    const requests = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter((r) => r.targetUserId === world.demo.users.megan);
    expect(requests.map((r) => r.accessPackageId)).toEqual([world.demo.packages.ventes]);
  });

  it('never overrides a visible field that names another package (issue 11): refused, no write', async () => {
    const before = writes();
    const issue = await raiseWith('adele', 'Sales & Marketing', {
      [SANDBOX_APP_UUID]: picked(world.demo.packages.obrien),
    });
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'failed', failure: 'package_conflict' });
    expect(writes()).toBe(before);
  });

  it('naming two different packages in two marked properties is refused, not guessed', async () => {
    const before = writes();
    const issue = await raiseWith('megan', "O'Brien's Team", {
      [SANDBOX_APP_UUID]: picked('00000000-0000-4000-8000-0000000000aa'),
      'b5c1a1de-0000-4000-8000-000000000001': picked('00000000-0000-4000-8000-0000000000bb'),
    });
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'failed', failure: 'package_conflict' });
    expect(writes()).toBe(before);
  });

  it('is found whatever UUID the app id has, in the layouts Jira may use', async () => {
    const key = '7c6f0f2e-1d4b-4b8e-9a57-0c1f2e3d4a5b';
    const issue = await raiseWith('guest', undefined, {
      [key]: [{ key: PICKER_FIELD_KEY, value: pickerValue(world.demo.packages.rnd) }],
    });
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'delivered' });
  });

  it.each([
    [
      'a property under a key that is not a UUID',
      'dollar',
      'ventes',
      { 'accessBridge.picker': picked('00000000-0000-4000-8000-0000000000aa') },
    ],
    [
      'another app’s UUID-keyed property without our marker',
      'guest',
      'sales',
      { [SANDBOX_APP_UUID]: { accessPackageId: '00000000-0000-4000-8000-0000000000aa' } },
    ],
  ] as const)('ignores %s and falls back to the field', async (_what, customer, pkg, properties) => {
    const names = { ventes: 'Ventes – Équipe', sales: 'Sales & Marketing' } as const;
    const issue = await raiseWith(customer, names[pkg], properties);
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'delivered' });
    const last = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter((r) => r.targetUserId === world.demo.users[customer])
      .at(-1);
    expect(last?.accessPackageId).toBe(world.demo.packages[pkg]);
  });
});

describe('a forged pick', () => {
  it.each([
    ['a package of a catalog that is not allow-listed', () => world.demo.packages.payroll],
    ["another tenant's package", () => world.demo.packages.fabrikamRnd],
    ['a package that does not exist', () => '0badc0de-0000-4000-8000-000000000000'],
  ])('naming %s ends in the "not requestable" comment and no Graph write', async (_what, id) => {
    const before = writes();
    const issue = await raiseWith('adele', 'Sales & Marketing', {
      [SANDBOX_APP_UUID]: picked(id(), 'Sales & Marketing'),
    });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'failed', failure: 'not_requestable' });
    expect(outcome.publicComments.join('\n')).toContain(
      'is not something we can request for your organization',
    );
    expect(outcome.internalComments.join('\n')).toContain(id());
    expect(writes()).toBe(before);
  });
});
