// Comments read only through documented routes: the emulator refuses (or, by setting, ignores)
// the undocumented `expand=properties` on an issue's comment list, serves POST
// /rest/api/3/comment/list with its documented limit, and a comment whose answer was lost is found
// there by its effect property instead of being posted twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../sandbox/adapters/fake-clock';
import { createMemoryStore } from '../../../sandbox/adapters/memory-store';
import { postComments } from '../../../src/core/access-request/comments';
import { startTestSite, type TestSite } from './site';

let s: TestSite;
let key: string;
const clock = createFakeClock(Date.now());

beforeAll(async () => {
  s = await startTestSite({ now: () => clock.now() });
  key = s.emu.createRequestAsCustomer({
    accountId: s.jane,
    serviceDeskId: s.deskId,
    requestTypeId: s.grantTypeId,
    summary: 'x',
  }).key;
  s.emu.addCommentAs(key, { accountId: s.jane, text: 'hello' });
});
beforeEach(() => {
  s.emu.faults.reset();
  s.emu.settings.undocumentedCommentExpand = 'reject';
});
afterAll(() => s.emu.close());

const listPath = () => `/rest/api/3/issue/${key}/comment`;

describe('GET /rest/api/3/issue/{key}/comment expand', () => {
  it('refuses expand=properties by default: only renderedBody is documented', async () => {
    const response = await s.jira.request('GET', `${listPath()}?expand=properties`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('renderedBody');
  });

  it("under 'ignore', answers as if expand=properties were absent", async () => {
    s.emu.settings.undocumentedCommentExpand = 'ignore';
    const response = await s.jira.request('GET', `${listPath()}?expand=properties`);
    expect(response.status).toBe(200);
    const comments = (response.body as { comments: Record<string, unknown>[] }).comments;
    expect(comments[0]).not.toHaveProperty('properties');
  });

  it('accepts renderedBody', async () => {
    const response = await s.jira.request('GET', `${listPath()}?expand=renderedBody`);
    expect(response.status).toBe(200);
    expect((response.body as { comments: { renderedBody?: string }[] }).comments[0]?.renderedBody).toBe(
      '<p>hello</p>',
    );
  });
});

describe('POST /rest/api/3/comment/list', () => {
  it('returns the comments asked for with their properties, leaving unknown ids out', async () => {
    const id = s.emu.comments(key)[0]!.id;
    const response = await s.jira.request('POST', '/rest/api/3/comment/list?expand=properties', {
      ids: [Number(id), 999_999],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ startAt: 0, total: 1, isLast: true, values: [{ id }] });
    expect((response.body as { values: { properties?: unknown }[] }).values[0]?.properties).toEqual([
      { key: 'sd.public.comment', value: { internal: false } },
    ]);
  });

  it('refuses more than 1,000 ids (the documented maximum)', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => 1 + i);
    const response = await s.jira.request('POST', '/rest/api/3/comment/list', { ids });
    expect(response.status).toBe(400);
    const ok = await s.jira.request('POST', '/rest/api/3/comment/list', { ids: ids.slice(0, 1000) });
    expect(ok.status).toBe(200);
  });

  it('refuses an expand it does not document, and a body without ids', async () => {
    expect(
      (await s.jira.request('POST', '/rest/api/3/comment/list?expand=changelog', { ids: [1] })).status,
    ).toBe(400);
    expect((await s.jira.request('POST', '/rest/api/3/comment/list', {})).status).toBe(400);
  });
});

describe('a comment whose answer was lost', () => {
  it('is found by its effect property on the retry, in two documented calls, and not posted again', async () => {
    const store = createMemoryStore({ clock });
    const deps = { jira: s.jira, store, clock };
    const issue = { issueId: s.emu.issue(key).id, issueKey: key };
    s.emu.faults.set({ lostResponseRate: 1, routes: ['POST /rest/api/3/issue/{issueIdOrKey}/comment'] });
    await expect(
      postComments(deps, issue, 'lost', { customer: 'Your access is on its way.' }),
    ).rejects.toThrow();
    s.emu.faults.reset();
    clock.advance(5 * 60_000);
    const before = s.emu.requests().length;
    await postComments(deps, issue, 'lost', { customer: 'Your access is on its way.' });
    expect(s.emu.comments(key).filter((c) => c.text === 'Your access is on its way.')).toHaveLength(1);
    expect(
      s.emu
        .requests()
        .slice(before)
        .map((r) => [r.route, r.query.expand]),
    ).toEqual([
      ['GET /rest/api/3/issue/{issueIdOrKey}/comment', undefined],
      ['POST /rest/api/3/comment/list', 'properties'],
    ]);
  });
});
