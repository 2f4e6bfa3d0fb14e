// Regressions found by the fault soak (issue 7), each pinned by the smallest case that failed:
// - a ticket whose closing comment met a Jira 5xx ended "delivered" with no comment and no
//   transition: the terminal state was recorded first, so the retry did nothing (finish.ts);
// - a 2xx whose body is not JSON counted as success for writes that read no body (a property PUT,
//   a transition) although the work may not have been done (jira/call.ts);
// - one failed Jira read failed the whole step: reads are now repeated within the invocation
//   (core/retry-jira-reads.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { Jira, JiraResponse } from '../../src/core/ports';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { setIssueProperty, transitionIssue, JiraMalformedResponseError, getIssue } from '../../src/jira';
import { retryJiraReads, isTransientJiraAnswer } from '../../src/core/retry-jira-reads';
import { createApp } from '../../src/core/app';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

const worlds: TestWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

describe('a ticket whose closing steps fail once', () => {
  it('still gets its delivery comment and its transition on the retry', async () => {
    const w = await startWorld();
    worlds.push(w);
    const issue = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    await w.runQueue({ maxDeliveries: 1 }); // submitted, with its two comments
    w.jira.faults.failNext({ route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment', status: 500, count: 1 });
    const run = await w.runQueue();
    expect(run.outcomes.requeued).toBeGreaterThanOrEqual(1);
    const outcome = await w.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'delivered', status: 'Resolved' });
    expect(
      outcome.publicComments.filter((c) => c.startsWith("Your access to 'Sales & Marketing' is ready")),
    ).toHaveLength(1);
    expect(outcome.internalComments.filter((c) => c.includes('Entra delivered the assignment'))).toHaveLength(
      1,
    );
  });

  it('still gets its failure comment when the first try to post it fails', async () => {
    const w = await startWorld();
    worlds.push(w);
    w.jira.faults.failNext({ route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment', status: 503, count: 1 });
    const issue = await w.raise({ customer: w.demo.customers.ghost, packageName: 'Sales & Marketing' });
    await w.runQueue();
    const outcome = await w.outcome(issue.key);
    expect(outcome).toMatchObject({ phase: 'failed', failure: 'user_not_found' });
    expect(outcome.publicComments).toHaveLength(1);
    expect(outcome.internalComments).toHaveLength(1);
  });
});

/** A Jira port that answers from a script, then 200 {}. */
function scripted(answers: (Partial<JiraResponse> | Error)[]): Jira & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async request(method, path) {
      calls.push(`${method} ${path}`);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return { status: 200, body: {}, headers: {}, ...next };
    },
  };
}

describe('Jira answers that did not say the work was done', () => {
  it('a property PUT answered 200 with a body that is not JSON is refused, not taken as done', async () => {
    const jira = scripted([{ status: 200, body: '{"values": [{"id": "1", "na' }]);
    await expect(
      setIssueProperty(jira, 'HELP-1', 'accessBridge', { phase: 'delivered' }),
    ).rejects.toBeInstanceOf(JiraMalformedResponseError);
  });

  it('so is a transition answered that way', async () => {
    const jira = scripted([
      { status: 200, body: { transitions: [{ id: '51', name: 'Resolve this issue' }] } },
      { status: 200, body: '<html>proxy</html>' },
    ]);
    await expect(transitionIssue(jira, 'HELP-1', 'Resolve this issue')).rejects.toBeInstanceOf(
      JiraMalformedResponseError,
    );
  });
});

describe('retryJiraReads', () => {
  it('repeats GET, PUT and DELETE after a 5xx, a network error or a body that is not JSON, up to 3 tries', async () => {
    const clock = createFakeClock();
    const jira = scripted([
      { status: 503 },
      new TypeError('fetch failed'),
      { status: 200, body: 'truncated' },
      { status: 200, body: { ok: 1 } },
    ]);
    const retrying = retryJiraReads(jira, clock);
    await expect(retrying.request('GET', '/rest/api/3/issue/1')).resolves.toMatchObject({
      status: 200,
      body: 'truncated',
    });
    expect(jira.calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([250, 500]);
    await expect(retrying.request('PUT', '/rest/api/3/issue/1/properties/x', {})).resolves.toMatchObject({
      status: 200,
      body: { ok: 1 },
    });
  });

  it('never repeats a POST, nor a 4xx or a 429 (the queue honours Retry-After)', async () => {
    const clock = createFakeClock();
    const post = scripted([{ status: 500 }]);
    expect(
      (await retryJiraReads(post, clock).request('POST', '/rest/api/3/issue/1/comment', {})).status,
    ).toBe(500);
    expect(post.calls).toHaveLength(1);
    for (const status of [400, 404, 429])
      expect(isTransientJiraAnswer({ response: { status, body: {}, headers: {} } })).toBe(false);
    expect(isTransientJiraAnswer({ response: { status: 204, body: undefined, headers: {} } })).toBe(false);
  });

  it('is what the workflow reads through: one failed read no longer fails the step', async () => {
    const w = await startWorld();
    worlds.push(w);
    const issue = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    const app = await createApp(w.ports);
    w.jira.faults.failNext({ route: 'GET /rest/api/3/issue/{issueIdOrKey}', status: 502, count: 2 });
    await expect(getIssue(app.ports.jira, issue.key, ['status'])).resolves.toMatchObject({ key: issue.key });
  });
});
