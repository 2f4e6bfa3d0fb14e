// At-least-once delivery, exactly one effect; Graph throttling and failures; warm-cache costs.
import { afterEach, describe, expect, it } from 'vitest';
import { CONTOSO, MSP_APP, MSP_SECRET } from '../../../sandbox/demo-data';
import { onIssueCreated } from '../../../src/core/triggers/on-issue-created';
import { credentialSecretKey } from '../../../src/config/secret-keys';
import { startWorld, type TestWorld } from './world-support';

const worlds: TestWorld[] = [];
async function world(): Promise<TestWorld> {
  const w = await startWorld();
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const EM = '/identityGovernance/entitlementManagement';
const commentsOf = (w: TestWorld, key: string) =>
  w.jira.comments(key).map((c) => `${c.internal ? 'internal' : 'public'}: ${c.text.split('\n')[0]}`);

describe('exactly one effect under at-least-once delivery', () => {
  it('the same created event delivered three times, and every job delivered twice, makes one request and one set of comments', async () => {
    const w = await world();
    const issue = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    const event = w.jira.events.history.find((e) => e.issue.key === issue.key)!;
    await onIssueCreated(w.ports, event);
    await onIssueCreated(w.ports, event);
    const run = await w.runQueue({ redeliverRate: 1, seed: 7 });
    expect(run.redelivered).toBeGreaterThanOrEqual(2);
    expect(await w.outcome(issue.key)).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    expect(w.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(1);
    expect(commentsOf(w, issue.key)).toEqual([
      "public: We have asked for access to 'Sales & Marketing'. We will update this request when it is done.",
      'internal: Access Bridge: submitted adminAdd to Entra.',
      "public: Your access to 'Sales & Marketing' is ready; it ends on 28 Nov 2027.",
      'internal: Access Bridge: Entra delivered the assignment.',
    ]);
  });

  it('a consumer killed after the assignment request but before the comment ends with one request and one set of comments', async () => {
    const w = await world();
    // The comment fails as if the invocation died right after Graph accepted the request.
    w.jira.faults.failNext({ route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment', status: 500, count: 1 });
    const issue = await w.raise({ customer: w.demo.customers.megan, packageName: 'R+D Lab' });
    const run = await w.runQueue();
    expect(run.outcomes.requeued).toBeGreaterThanOrEqual(1);
    expect(await w.outcome(issue.key)).toMatchObject({ phase: 'delivered' });
    expect(w.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(1);
    expect(commentsOf(w, issue.key).filter((c) => c.startsWith('public: We have asked'))).toHaveLength(1);
  });

  it('a POST whose answer is lost after Graph created the request is reconciled, not repeated', async () => {
    const w = await world();
    w.graphGlobal.faults.set(CONTOSO, {
      dropRate: 1,
      afterHandler: true,
      routes: [`POST ${EM}/assignmentRequests`],
      seed: 1,
    });
    const issue = await w.raise({ customer: w.demo.customers.guest, packageName: 'Ventes – Équipe' });
    await w.runQueue({ maxDeliveries: 1 });
    w.graphGlobal.faults.clear(CONTOSO);
    await w.runQueue();
    expect(await w.outcome(issue.key)).toMatchObject({ phase: 'delivered' });
    expect(w.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(1);
  });
});

describe('removals under lost answers', () => {
  it('an adminRemove whose answer was lost is reconciled, not repeated, and the ticket ends removed', async () => {
    const w = await world();
    // Entra completes this removal at once: when the retry looks, the assignment is already gone.
    w.graphGlobal.tenant(CONTOSO).setOutcome(w.demo.packages.sales, { outcome: 'delivered', afterPolls: 0 });
    w.graphGlobal.faults.set(CONTOSO, {
      dropRate: 1,
      afterHandler: true,
      routes: [`POST ${EM}/assignmentRequests`],
      seed: 1,
    });
    const issue = await w.raise({
      customer: w.demo.customers.holder,
      requestType: 'remove',
      packageName: 'Sales & Marketing',
    });
    await w.runQueue({ maxDeliveries: 1 });
    w.graphGlobal.faults.clear(CONTOSO);
    await w.runQueue();
    expect(await w.outcome(issue.key)).toMatchObject({ phase: 'removed', status: 'Resolved' });
    expect(
      w.graphGlobal
        .tenant(CONTOSO)
        .assignmentRequests()
        .filter((r) => r.requestType === 'adminRemove'),
    ).toHaveLength(1);
  });
});

describe('throttling and failing services', () => {
  it('with 429 + Retry-After and random 503s, every ticket still ends right', async () => {
    const w = await world();
    w.graphGlobal.faults.set(CONTOSO, { rateLimitPerSecond: 2, burst: 2, errorRate: 0.25, seed: 42 });
    const people = ['adele', 'megan', 'guest', 'dollar'] as const;
    const packages = ['Sales & Marketing', "O'Brien's Team", 'R+D Lab', 'Ventes – Équipe'];
    const issues = [];
    for (const who of people)
      for (const name of packages)
        issues.push({
          who,
          name,
          ...(await w.raise({ customer: w.demo.customers[who], packageName: name })),
        });
    const run = await w.runQueue();
    expect(run.outcomes['gave-up']).toBe(0);
    expect(w.graphGlobal.counters.byStatus['429']).toBeGreaterThan(0);
    expect(w.graphGlobal.counters.byStatus['503'] ?? 0).toBeGreaterThan(0);
    for (const issue of issues)
      expect((await w.outcome(issue.key)).phase, `${issue.who} ${issue.name}`).toBe('delivered');
    expect(w.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(issues.length);
  });

  it('throttled beyond the retry window ends in a clear comment', async () => {
    const w = await world();
    w.graphGlobal.faults.set(CONTOSO, {
      rateLimitPerSecond: 0.0001,
      burst: 0,
      retryAfterSeconds: 600,
      seed: 3,
    });
    const issue = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    const run = await w.runQueue();
    expect(run.outcomes['gave-up']).toBe(1);
    const outcome = await w.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'failed', failure: 'throttled' });
    expect(outcome.internalComments[0]).toMatch(/kept asking the app to slow down, beyond the retry window/);
  });

  it('a missing application permission is named', async () => {
    const w = await world();
    w.login.registerApp(CONTOSO, {
      clientId: MSP_APP,
      secret: MSP_SECRET,
      roles: ['EntitlementManagement.Read.All', 'User.Read.All'],
    });
    const issue = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    await w.runQueue();
    const outcome = await w.outcome(issue.key);
    expect(outcome.failure).toBe('permission_missing');
    expect(outcome.internalComments[0]).toMatch(
      /Grant the app the application permission EntitlementManagement\.ReadWrite\.All/,
    );
  });

  it('a wrong client secret says what to fix', async () => {
    const w = await world();
    await w.store.setSecret(credentialSecretKey('msp-app'), {
      kind: 'secret',
      clientSecret: 'not-the-secret',
    });
    const issue = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    await w.runQueue();
    const outcome = await w.outcome(issue.key);
    expect(outcome.failure).toBe('credentials_invalid');
    expect(outcome.internalComments[0]).toMatch(/AADSTS7000215.*The client secret is wrong/);
    expect(outcome.internalComments.join('\n')).not.toContain('not-the-secret');
  });
});

describe('cost', () => {
  it('with warm caches a grant makes at most 3 Graph calls up to the assignment request (the naive chain makes 5)', async () => {
    const w = await world();
    await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    await w.runQueue();
    w.graphGlobal.resetCounters();
    const tokenRequests = w.login.stats.tokenRequests;
    await w.raise({ customer: w.demo.customers.megan, packageName: 'Sales & Marketing' });
    await w.runQueue({ maxDeliveries: 1 }); // the access-request job alone, not its follow-ups
    expect(w.graphGlobal.counters.total).toBeLessThanOrEqual(3);
    expect(w.graphGlobal.counters.byRoute[`POST ${EM}/assignmentRequests`]).toBe(1);
    expect(w.login.stats.tokenRequests).toBe(tokenRequests);
  });
});
