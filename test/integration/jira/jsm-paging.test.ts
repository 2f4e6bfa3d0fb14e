// JSM lists are paged 50 at a time with isLastPage; the calls walk every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrganizations, listOrganizationsOfCustomer } from '../../../src/jira';
import { startTestSite, type TestSite } from './site';

let s: TestSite;
let many: string;

beforeAll(async () => {
  s = await startTestSite();
  const ids: string[] = [];
  for (let i = 0; i < 120; i++) ids.push(s.emu.addOrganization(`Org ${i}`).id);
  many = s.emu.addCustomer({
    email: 'many@x.example',
    displayName: 'Many',
    organizationIds: ids.slice(0, 101),
  }).accountId;
});
afterAll(() => s.emu.close());

describe('JSM paging', () => {
  it('walks every page of all organizations', async () => {
    const orgs = await listOrganizations(s.jira);
    expect(orgs).toHaveLength(122);
    expect(new Set(orgs.map((o) => o.id)).size).toBe(122);
    const calls = s.emu
      .requests()
      .filter((r) => r.path === '/rest/servicedeskapi/organization' && !r.query.accountId);
    expect(calls.map((r) => [r.query.start, r.query.limit])).toEqual([
      ['0', '50'],
      ['50', '50'],
      ['100', '50'],
    ]);
  });

  it("walks every page of a customer's organizations, passing the account id encoded", async () => {
    const orgs = await listOrganizationsOfCustomer(s.jira, many);
    expect(orgs).toHaveLength(101);
    const calls = s.emu.requests().filter((r) => r.query.accountId === many);
    expect(calls).toHaveLength(3);
  });
});
