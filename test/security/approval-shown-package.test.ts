// Issue 11, finding 2: the approver never saw what would be granted (the gate ran before the
// package was resolved), and the portal picker's hidden issue property beat the visible package
// field. Now tenant, package, policy and user are resolved and shown before the request waits;
// a picked and a typed value that disagree are refused; a change after showing voids the approval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../sandbox/demo-data';
import { pickerValue } from '../../src/core/portal/picker-value';
import { loadTicketState } from '../../src/core/access-request/ticket-state';
import { editIssue, setIssueProperty } from '../../src/jira';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';
import { callPortal, value } from '../integration/portal/portal-support';

const PICKER_KEY = '7c3f1e2a-1b2c-4d5e-8f90-a1b2c3d4e5f6';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const requestsFor = (userId: string) =>
  world.graphGlobal
    .tenant(CONTOSO)
    .assignmentRequests()
    .filter((r) => r.targetUserId === userId);

describe('a hidden picker value and a visible package field that disagree', () => {
  it('end in a refusal that names both, and nothing is requested', async () => {
    const before = requestsFor(world.demo.users.adele!).length;
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      requestType: 'grant',
      packageName: 'Sales & Marketing',
      properties: { [PICKER_KEY]: pickerValue(world.demo.packages.rnd, 'R+D Lab') },
    });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome.failure).toBe('package_conflict');
    const said = [...outcome.publicComments, ...outcome.internalComments].join('\n');
    expect(said).toContain('Sales & Marketing');
    expect(said).toContain('R+D Lab');
    expect(requestsFor(world.demo.users.adele!).length).toBe(before);
  });
});

describe('an approval-gated request', () => {
  it('shows tenant, package, policy and user before it waits: state, internal comment, visible field', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.guest,
      requestType: 'approval',
      packageName: world.demo.packages.finance, // an id: the approver would see a GUID
    });
    await world.runQueue();
    const state = await loadTicketState(world.store, issue.id);
    expect(state).toMatchObject({
      phase: 'waiting-for-approval',
      tenantId: CONTOSO,
      accessPackageId: world.demo.packages.finance,
      accessPackageName: 'Finance #1',
      userId: world.demo.users.guest,
    });
    expect(state?.policyId).toBeTruthy();
    expect(state?.approvalShownAt).toBeTypeOf('number');
    // The visible field now carries the resolved name, so JSM's own approval screen shows it.
    expect(world.jira.issue(issue.key).custom[world.demo.fields.package]).toBe('Finance #1');
    const internal = (await world.outcome(issue.key)).internalComments.join('\n');
    expect(internal).toContain('Finance #1');
    expect(internal).toContain(world.demo.packages.finance);
    expect(internal).toContain(state!.policyId!);
    expect(internal).toContain('grace_partner.example#EXT#@contoso.onmicrosoft.com');
    expect(internal).toContain('Contoso');
    // The agent panel (the approver's view in JSM) shows the same before any decision.
    const panel = value<{ view: Record<string, unknown> }>(
      await callPortal(
        world,
        { panel: 'agent', accountId: world.jira.agentAccountId, issueKey: issue.key },
        'requestStatus',
        {},
      ),
    );
    expect(panel.view).toMatchObject({
      phase: 'waiting-for-approval',
      approval: true,
      tenantName: 'Contoso',
      packageName: 'Finance #1',
      accessPackageId: world.demo.packages.finance,
      policyId: state!.policyId,
      policyName: 'Admin direct assignment',
      userPrincipalName: 'grace_partner.example#EXT#@contoso.onmicrosoft.com',
      approvalShownAt: expect.any(String),
    });
  });

  it('is not provisioned when the package field changes after it was shown', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.megan,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
    await editIssue(world.ports.jira, issue.key, { [world.demo.fields.package]: "O'Brien's Team" });
    await world.settle();
    await world.clock.sleep(1000);
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome.failure).toBe('approval_outdated');
    expect(requestsFor(world.demo.users.megan!)).toHaveLength(0);
  });

  it('is not provisioned when the hidden picker value changes after it was shown', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.dollar,
      requestType: 'approval',
      properties: { [PICKER_KEY]: pickerValue(world.demo.packages.finance, 'Finance #1') },
    });
    await world.runQueue();
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');
    await setIssueProperty(world.ports.jira, issue.key, PICKER_KEY, pickerValue(world.demo.packages.rnd));
    await world.clock.sleep(1000);
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(['approval_outdated', 'package_conflict']).toContain(outcome.failure);
    expect(requestsFor(world.demo.users.dollar!)).toHaveLength(0);
  });
});
