// A follow-up chain stays inside Forge's 1,000 pushes per chain of invocations
// (https://developer.atlassian.com/platform/forge/limits-async-events/) for the longest follow-up the
// settings allow (followUpGiveUpHours 336): it hands over to the hourly sweep, which starts a fresh
// chain, and the request is still followed to its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../../sandbox/demo-data';
import { loadConfig, saveConfig } from '../../../src/core/config-store';
import { runFollowUps } from '../../../src/core/access-request/sweep-follow-ups';
import { loadTicketState } from '../../../src/core/access-request/ticket-state';
import { startWorld, type TestWorld } from '../workflow/world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe('the longest follow-up', () => {
  it('is followed for 336 hours within 1,000 pushes per chain, the hourly sweep starting new chains', async () => {
    const config = await loadConfig(world.store);
    await saveConfig(world.store, { ...config, settings: { ...config.settings, followUpGiveUpHours: 336 } });
    world.graphGlobal
      .tenant(CONTOSO)
      .setOutcome(world.demo.packages.obrien, { outcome: 'delivered', afterPolls: 1_000_000 });
    const start = world.clock.now();
    const issue = await world.raise({ customer: world.demo.customers.dollar, packageName: "O'Brien's Team" });

    // The platform: the queue delivers what is due, and the scheduled trigger runs every hour.
    let nextSweep = start + 3600_000;
    for (let hour = 0; hour < 400; hour += 1) {
      await world.runQueue({ untilMs: nextSweep, maxDeliveries: 100_000 });
      if (world.clock.now() < nextSweep) await world.clock.sleep(nextSweep - world.clock.now());
      await world.queue.invocation(() => runFollowUps(world.ports));
      nextSweep += 3600_000;
      if ((await loadTicketState(world.store, issue.id))?.phase !== 'submitted') break;
    }

    const outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'failed', failure: 'follow_up_timed_out' });
    expect(outcome.internalComments.at(-1)).toMatch(/after 336 hours/);
    expect(world.clock.now() - start).toBeGreaterThanOrEqual(336 * 3600_000);
    expect(world.clock.now() - start).toBeLessThan(340 * 3600_000);
    expect(world.queue.refused).toEqual({});
    const longest = Math.max(...world.queue.pushed.map((p) => p.chainPush));
    expect(longest).toBeLessThanOrEqual(1000);
    expect(world.log.named('follow-up.handed-to-schedule').length).toBeGreaterThanOrEqual(1);
    // One Entra request, checked all along.
    expect(world.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(1);
  }, 240_000); // some 1,350 checks, each a Graph call and a few store writes
});
