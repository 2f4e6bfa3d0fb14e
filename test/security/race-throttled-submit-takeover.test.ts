// Issue 11, finding 6: a second Entra submission under throttling. Graph answers the assignment
// request POST with 429 and a long Retry-After; the client waits inside the invocation, within its
// time budget. While it waits, another delivery of the same job arrives. If the effect's lease has
// run out by then, that delivery takes the submission over and posts it too, and the first one
// posts again when its wait ends: two assignment requests for one ticket. (Entra refuses a second
// open request for the same user and package, as the Graph emulator does, so here the takeover
// shows as a ticket that ends "failed: a request is already in progress" while Entra delivers.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../sandbox/demo-data';
import { consumeJob } from '../../src/core/queue/consume-job';
import type { Clock, Ports } from '../../src/core/ports';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

const POST_REQUESTS = 'POST /identityGovernance/entitlementManagement/assignmentRequests';
/** Forge's consumer budget for in-invocation waits (src/forge/handlers/consume-work.ts). */
const INVOCATION_BUDGET_MS = 120_000;
const RETRY_AFTER_SECONDS = 50;

let world: TestWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

/** The shared fake clock, but the n-th Retry-After wait holds until released. */
function holdOnWait(clock: Clock, waitMs: number, nth: number) {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holding = new Promise<void>((resolve) => (reached = resolve));
  let seen = 0;
  const held: Clock = {
    now: () => clock.now(),
    async sleep(ms) {
      await clock.sleep(ms);
      if (ms === waitMs && ++seen === nth) {
        reached();
        await released;
      }
    },
  };
  return { clock: held, holding, release };
}

describe('a submission that waits out throttling longer than a lease', () => {
  it('is not taken over by a second delivery: exactly one Entra request', async () => {
    // Every assignment request POST is throttled (a bucket that never refills to one token).
    world.graphGlobal.faults.set(CONTOSO, {
      rateLimitPerSecond: 0.01,
      burst: 0.5,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      routes: [POST_REQUESTS],
    });
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
    });
    const [created] = world.queue.pending();
    expect(created?.job).toMatchObject({ type: 'access-request', issueId: issue.id });

    // Delivery 1 is throttled twice; during its second wait, 100 s after it claimed the submission,
    // it holds.
    const gate = holdOnWait(world.clock, RETRY_AFTER_SECONDS * 1000, 2);
    const first: Ports = { ...world.ports, clock: gate.clock };
    const start = world.clock.now();
    const delivery1 = consumeJob(first, created!.job, { deadline: start + INVOCATION_BUDGET_MS });
    await gate.holding;
    expect(world.clock.now() - start).toBeGreaterThanOrEqual(2 * RETRY_AFTER_SECONDS * 1000);

    // Graph calms down, and a second delivery of the same job arrives.
    world.graphGlobal.faults.clear(CONTOSO);
    await consumeJob(world.ports, created!.job, { deadline: world.clock.now() + INVOCATION_BUDGET_MS });

    gate.release();
    expect(await delivery1).toBe('done');
    await world.runQueue();

    const requests = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter(
        (r) => r.targetUserId === world.demo.users.adele && r.accessPackageId === world.demo.packages.sales,
      );
    expect(requests).toHaveLength(1);
    const outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    expect(outcome.publicComments.filter((c) => c.includes('already a request in progress'))).toEqual([]);
  });
});
