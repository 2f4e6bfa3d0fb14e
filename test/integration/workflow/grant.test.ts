// Grants that succeed, across the identities `/users/{email}` gets wrong: mail that is not the UPN,
// a guest (#EXT#), a UPN starting with `$`, a user found only by otherMails on a custom cloud.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO, FABRIKAM } from '../../../sandbox/demo-data';
import { listAudit } from '../../../src/core/audit';
import { startWorld, type TestWorld } from './world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe('a grant request', () => {
  it('ends with the package delivered, both comments, the state on the issue, and the ticket resolved', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
      justification: 'Q1 campaign',
    });
    const run = await world.runQueue();
    expect(run.outcomes['gave-up']).toBe(0);
    const outcome = await world.outcome(issue.key);
    expect(outcome.phase).toBe('delivered');
    expect(outcome.status).toBe('Resolved');
    expect(outcome.publicComments).toEqual([
      "We have asked for access to 'Sales & Marketing'. We will update this request when it is done.",
      expect.stringMatching(
        /^Your access to 'Sales & Marketing' is ready; it ends on \d{1,2} \w{3} \d{4}\.$/,
      ),
    ]);
    const agentText = outcome.internalComments.join('\n');
    expect(agentText).toContain(`Contoso (${CONTOSO})`);
    expect(agentText).toContain(world.demo.packages.sales);
    const [request] = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter(
        (r) => r.accessPackageId === world.demo.packages.sales && r.targetUserId === world.demo.users.adele,
      );
    expect(request).toBeDefined();
    expect(agentText).toContain(request!.id);
    // The justification carries the ticket key so the Entra request links back.
    expect(request!.justification).toBe(`${issue.key}: Q1 campaign`);
    const property = world.jira.properties(issue.key).accessBridge as {
      phase: string;
      entraRequestId: string;
      endDateTime?: string;
    };
    expect(property).toMatchObject({ phase: 'delivered', entraRequestId: request!.id });
    expect(property.endDateTime).toBeDefined();
    const audit = (
      await listAudit(world.store, { limit: 20, filter: { kind: 'ticket', text: issue.key } })
    ).map((e) => [e.action, e.outcome, e.tenantId]);
    expect(audit).toEqual([
      ['grant.delivered', 'ok', CONTOSO],
      ['grant.submitted', 'ok', CONTOSO],
    ]);
  });

  it.each([
    ['megan', "O'Brien's Team", 'mail differs from the UPN'],
    ['guest', 'R+D Lab', 'a guest whose UPN has #EXT#'],
    ['dollar', 'Ventes – Équipe', 'a UPN that starts with $'],
  ] as const)('reaches %s for %s (%s)', async (who, packageName, _why) => {
    const issue = await world.raise({ customer: world.demo.customers[who], packageName });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    const delivered = world.graphGlobal
      .tenant(CONTOSO)
      .assignments()
      .filter((a) => a.targetUserId === world.demo.users[who]);
    expect(delivered.map((a) => a.state)).toEqual(['delivered']);
  });

  it('routes a Fabrikam reporter to the custom cloud and finds her by otherMails', async () => {
    const issue = await world.raise({ customer: world.demo.customers.ines, packageName: 'R+D Lab' });
    await world.runQueue();
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    const requests = world.graphCustom.tenant(FABRIKAM).assignmentRequests();
    expect(requests.map((r) => [r.accessPackageId, r.targetUserId])).toEqual([
      [world.demo.packages.fabrikamRnd, world.demo.users.ines],
    ]);
  });

  it('keeps a requested end date within the policy and says so', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'R+D Lab',
      endDate: '2031-01-31',
    });
    await world.runQueue();
    const outcome = await world.outcome(issue.key);
    expect(outcome.phase).toBe('delivered');
    expect(outcome.publicComments[0]).toMatch(
      /allows access until .* at most, so the end date was brought forward from 31 Jan 2031/,
    );
    const [request] = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter(
        (r) => r.accessPackageId === world.demo.packages.rnd && r.targetUserId === world.demo.users.adele,
      );
    const end = Date.parse(request!.schedule.expiration.endDateTime!);
    expect(end - world.clock.now()).toBeLessThanOrEqual(366 * 24 * 3600_000);
  });
});
