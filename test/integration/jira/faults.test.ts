// Injected faults reach the calls as typed errors: 429 with Retry-After, 5xx, malformed bodies,
// cut connections, and responses lost after the change was made.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addComment,
  doc,
  getIssue,
  JiraHttpError,
  JiraMalformedResponseError,
  JiraRateLimitedError,
  listOrganizations,
  listPriorities,
} from '../../../src/jira';
import { startTestSite, type TestSite } from './site';

let s: TestSite;
let key: string;
let clock = Date.parse('2026-11-28T10:00:00.000Z');

beforeAll(async () => {
  s = await startTestSite({ now: () => clock });
  key = s.emu.createRequestAsCustomer({
    accountId: s.jane,
    serviceDeskId: s.deskId,
    requestTypeId: s.grantTypeId,
    summary: 'x',
  }).key;
});
beforeEach(() => s.emu.faults.reset());
afterAll(() => s.emu.close());

describe('429', () => {
  it('a queued 429 becomes JiraRateLimitedError carrying retryAfterMs', async () => {
    s.emu.faults.failNext({
      route: 'GET /rest/api/3/issue/{issueIdOrKey}',
      status: 429,
      retryAfterSeconds: 7,
    });
    const error = await getIssue(s.jira, key, ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraRateLimitedError);
    expect((error as JiraRateLimitedError).retryAfterMs).toBe(7000);
    expect((error as JiraRateLimitedError).code).toBe('jira_rate_limited');
    // Only the next one failed.
    await expect(getIssue(s.jira, key, ['status'])).resolves.toMatchObject({ key });
  });

  it('the rate limit allows N requests per second of the emulator clock, then says how long to wait', async () => {
    s.emu.faults.set({ rateLimitPerSecond: 2 });
    await listPriorities(s.jira);
    clock += 400;
    await listPriorities(s.jira);
    const error = (await listPriorities(s.jira).catch((e: unknown) => e)) as JiraRateLimitedError;
    expect(error).toBeInstanceOf(JiraRateLimitedError);
    expect(error.retryAfterMs).toBe(1000);
    clock += 600; // a new window
    await expect(listPriorities(s.jira)).resolves.toHaveLength(5);
    expect(s.emu.counters()['GET /rest/api/3/priority']?.byStatus).toMatchObject({ 200: 3, 429: 1 });
  });
});

describe('other faults', () => {
  it('errorRate 1 answers 500 before handling: nothing changes', async () => {
    s.emu.faults.set({ errorRate: 1 });
    const before = s.emu.comments(key).length;
    const error = await addComment(s.jira, key, { adf: doc('x'), internal: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraHttpError);
    expect((error as JiraHttpError).status).toBe(500);
    expect(s.emu.comments(key)).toHaveLength(before);
  });

  it('a malformed body becomes JiraMalformedResponseError', async () => {
    s.emu.faults.set({ malformedRate: 1 });
    await expect(listOrganizations(s.jira)).rejects.toBeInstanceOf(JiraMalformedResponseError);
  });

  it('a dropped connection rejects; a lost response still made the change', async () => {
    s.emu.faults.set({ dropRate: 1 });
    await expect(listPriorities(s.jira)).rejects.toThrow();
    s.emu.faults.set({ lostResponseRate: 1, routes: ['POST /rest/api/3/issue/{issueIdOrKey}/comment'] });
    const before = s.emu.comments(key).length;
    await expect(addComment(s.jira, key, { adf: doc('lost'), internal: true })).rejects.toThrow();
    expect(s.emu.comments(key)).toHaveLength(before + 1);
    // Other routes are untouched by a route-limited fault.
    await expect(listPriorities(s.jira)).resolves.toHaveLength(5);
  });

  it('random faults replay the same way for the same seed', async () => {
    const run = async () => {
      s.emu.faults.set({ errorRate: 0.5, seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++)
        out.push(
          await listPriorities(s.jira).then(
            () => 200,
            (e: JiraHttpError) => e.status,
          ),
        );
      return out;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('logs every request with its route and status', async () => {
    const seen = s.emu.requests().length;
    await getIssue(s.jira, key, ['status']);
    const last = s.emu.requests().slice(seen);
    expect(last).toMatchObject([
      {
        method: 'GET',
        path: `/rest/api/3/issue/${key}`,
        route: 'GET /rest/api/3/issue/{issueIdOrKey}',
        status: 200,
        query: { fields: 'status', expand: 'schema' },
      },
    ]);
  });
});
