import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type TestWorld } from './world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe('a grant request', () => {
  it('ends with the package delivered, a public and an internal comment, and the ticket resolved', async () => {
    const issue = await world.raise({ customer: world.demo.customers.adele, packageName: 'Sales & Marketing', justification: 'Q1 campaign' });
    const run = await world.runQueue();
    expect(run.outcomes['gave-up']).toBe(0);
    const outcome = await world.outcome(issue.key);
    expect(outcome.phase).toBe('delivered');
    expect(outcome.status).toBe('Resolved');
    expect(outcome.publicComments.at(-1)).toMatch(/^Your access to 'Sales & Marketing' is ready; it ends on /);
    const requests = world.graphGlobal.tenant('11111111-1111-4111-8111-111111111111').assignmentRequests();
    expect(requests).toHaveLength(1);
  });
});
