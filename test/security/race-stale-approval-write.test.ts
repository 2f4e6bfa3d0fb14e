// Issue 11, finding 5: a lost update strands a ticket. A second delivery of the access-request job
// reads the ticket (waiting for approval) and the issue, then stalls. Meanwhile the approver
// approves and another delivery submits to Entra. When the stalled delivery goes on, it must not
// save "waiting-for-approval" over "submitted": the follow-up would stop, Entra would deliver, and
// the ticket would never resolve.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../sandbox/demo-data';
import { consumeJob } from '../../src/core/queue/consume-job';
import type { Jira, Ports } from '../../src/core/ports';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

let world: TestWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

/** A Jira port that holds the answer to the first GET of the issue itself until released. */
function pauseAfterIssueRead(jira: Jira, issueId: string) {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const paused = new Promise<void>((resolve) => (reached = resolve));
  let held = false;
  const wrapped: Jira = {
    async request(method, path, body) {
      const response = await jira.request(method, path, body);
      if (!held && method === 'GET' && path.startsWith(`/rest/api/3/issue/${issueId}?`)) {
        held = true;
        reached();
        await released;
      }
      return response;
    },
  };
  return { jira: wrapped, paused, release };
}

describe('a delivery that read the ticket before its approval', () => {
  it('does not move the ticket back: one Entra request, and the ticket ends delivered', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.guest,
      requestType: 'approval',
      packageName: 'Finance #1',
    });
    const [created] = world.queue.pending();
    expect(created?.job).toMatchObject({ type: 'access-request', issueId: issue.id });
    // The first delivery resolves the package, shows it to approvers and waits.
    await world.runQueue({ untilMs: world.clock.now() });
    expect((await world.outcome(issue.key)).phase).toBe('waiting-for-approval');

    // Delivery A, a redelivery of the creation job, reads the ticket and the issue, then stalls.
    const gate = pauseAfterIssueRead(world.ports.jira, issue.id);
    const stalled: Ports = { ...world.ports, jira: gate.jira };
    const deliveryA = consumeJob(stalled, created!.job, { deadline: world.clock.now() + 120_000 });
    await gate.paused;

    // The approver approves; the queued deliveries submit to Entra before A wakes up.
    await world.clock.sleep(1_000);
    world.jira.approve(issue.key, world.demo.approver);
    await world.settle();
    await world.runQueue({ untilMs: world.clock.now() });
    expect((await world.outcome(issue.key)).phase).toBe('submitted');

    gate.release();
    expect(await deliveryA).toBe('done');
    await world.runQueue();

    const requests = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter(
        (r) => r.targetUserId === world.demo.users.guest && r.accessPackageId === world.demo.packages.finance,
      );
    expect(requests).toHaveLength(1);
    const outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    // The customer read "needs approval" once, while it waited, and not again after the fact.
    expect(outcome.publicComments.filter((c) => c.includes('needs approval'))).toHaveLength(1);
  });
});
