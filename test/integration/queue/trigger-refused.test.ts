// No request is lost when the queue refuses: a trigger whose push the queue refuses (over 500 events
// a minute, https://developer.atlassian.com/platform/forge/limits-async-events/) gives its dedupe key
// back and asks the platform for a retry; the retry queues the request, and it is processed once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../../sandbox/demo-data';
import { onIssueCreated } from '../../../src/core/triggers/on-issue-created';
import { startWorld, type TestWorld } from '../workflow/world-support';

let world: TestWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

/** Spends this minute's 500 events, as a burst of other tickets would. */
async function fillTheMinute(w: TestWorld) {
  for (let i = 0; i < 10; i += 1)
    await w.queue.invocation(() => w.queue.push(Array.from({ length: 50 }, () => ({ type: 'filler' }))));
}

describe('a trigger whose push the queue refuses', () => {
  it('is retried by the platform a minute later and processes its request exactly once', async () => {
    await fillTheMinute(world);
    const start = world.clock.now();
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
    });

    // The first delivery was refused; the platform delivered the event again after 60 s.
    expect(world.queue.refused).toEqual({ RateLimitError: 1 });
    const retries = world.log.events.filter((e) => e.name === 'trigger.created.retry-requested');
    expect(retries).toHaveLength(1);
    expect(retries[0]?.fields).toMatchObject({ reason: 'queue-rate-limited', retryAfterSeconds: 60 });
    const queued = world.queue.pushed.filter((p) => p.job.type === 'access-request');
    expect(queued).toHaveLength(1);
    expect(queued[0]!.pushedAt - start).toBe(60_000);
    expect(world.jira.events.errors).toEqual([]);

    // A redelivery of the same event (at least once) queues nothing more.
    const event = world.jira.events.history.find((e) => e.eventType === 'avi:jira:created:issue');
    expect(await onIssueCreated(world.ports, event)).toBe('duplicate');
    expect(world.queue.pushed.filter((p) => p.job.type === 'access-request')).toHaveLength(1);

    const run = await world.runQueue();
    expect(run.outcomes['gave-up']).toBe(0);
    const outcome = await world.outcome(issue.key);
    expect(outcome.phase).toBe('delivered');
    expect(outcome.publicComments).toHaveLength(2);
    const requests = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter((r) => r.targetUserId === world.demo.users.adele);
    expect(requests).toHaveLength(1);
  });

  it('asks for later and later retries while the queue keeps refusing, then is dropped visibly', async () => {
    // A queue that refuses everything: the four retries come 60, 120, 240 and 480 s apart.
    const refusing = world.queue.push;
    world.queue.push = async () => {
      const { RateLimitError } = await import('../../../sandbox/adapters/memory-queue');
      throw new RateLimitError('Too many requests.');
    };
    const before = world.clock.now();
    await world.raise({ customer: world.demo.customers.adele, packageName: 'Sales & Marketing' });
    world.queue.push = refusing;
    const asked = world.log.events
      .filter((e) => e.name === 'trigger.created.retry-requested')
      .map((e) => e.fields?.retryAfterSeconds);
    expect(asked).toEqual([60, 120, 240, 480, 900]);
    expect(world.clock.now() - before).toBe((60 + 120 + 240 + 480) * 1000);
    expect(world.jira.events.errors).toHaveLength(1);
    expect(world.jira.events.errors[0]).toMatchObject({ name: 'ProductEventDroppedError' });
    // The dedupe key was given back each time: a later delivery of the event is taken.
    expect(await world.store.query('queued:created:')).toEqual({ results: [] });
  });
});
