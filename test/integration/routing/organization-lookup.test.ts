// Routing under each way a site may answer the organization look-up (issue 10): the accountId
// filter honoured, refused (403), or ignored (every organization returned), with the member lists
// (GET /organization/{id}/user) following the licence or set apart. Reporters: one mapped
// organization and a mapped email domain (Adele), one mapped organization and an unmapped domain
// (Grace, a partner), no mapped organization nor domain (Nora), two tenants' organizations (Bo).
// The demo maps contoso.com to Contoso and fabrikam.com to Fabrikam.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoCustomer } from '../../../sandbox/demo-data';
import { raiseAndRoute, startWorld, useSite, type TestWorld } from './routing-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

type Who = 'adele' | 'guest' | 'nora' | 'both' | 'ines';
type Expected = 'Contoso' | 'Fabrikam' | 'org_not_mapped' | 'org_membership_unknown' | 'several_orgs';

const cases: [
  string,
  'allowed' | 'refused' | 'filter-ignored',
  'allowed' | 'refused' | undefined,
  Record<Who, Expected>,
][] = [
  // Filter honoured: the list is the reporter's organizations.
  [
    'allowed',
    'allowed',
    undefined,
    { adele: 'Contoso', guest: 'Contoso', nora: 'org_not_mapped', both: 'several_orgs', ines: 'Fabrikam' },
  ],
  // Refused, member lists refused too (the documented licence rule): only the domain can route.
  [
    'refused',
    'refused',
    undefined,
    {
      adele: 'Contoso',
      guest: 'org_membership_unknown',
      nora: 'org_membership_unknown',
      both: 'Contoso',
      ines: 'Fabrikam',
    },
  ],
  // Refused, but member lists answer: each mapped organization is checked.
  [
    'refused, member lists allowed',
    'refused',
    'allowed',
    { adele: 'Contoso', guest: 'Contoso', nora: 'org_not_mapped', both: 'several_orgs', ines: 'Fabrikam' },
  ],
  // Filter ignored: the list is every organization and is not used; as refused.
  [
    'filter ignored',
    'filter-ignored',
    undefined,
    {
      adele: 'Contoso',
      guest: 'org_membership_unknown',
      nora: 'org_membership_unknown',
      both: 'Contoso',
      ines: 'Fabrikam',
    },
  ],
  [
    'filter ignored, member lists allowed',
    'filter-ignored',
    'allowed',
    { adele: 'Contoso', guest: 'Contoso', nora: 'org_not_mapped', both: 'several_orgs', ines: 'Fabrikam' },
  ],
];

describe.each(cases)('organization look-up: %s', (_name, lookup, organizationUsers, expected) => {
  beforeAll(() => useSite(world, lookup, organizationUsers));

  it.each(Object.entries(expected) as [Who, Expected][])('%s -> %s', async (who, want) => {
    const customer: DemoCustomer = world.demo.customers[who];
    // Packages that exist in the tenant each reporter should reach.
    const packageName = who === 'ines' ? 'R+D Lab' : 'Sales & Marketing';
    const out = await raiseAndRoute(world, customer, { packageName });
    if (want === 'Contoso' || want === 'Fabrikam') {
      expect(out.tenant, out.internalComments.join('\n')).toBe(want);
      const other = want === 'Contoso' ? 'fabrikam' : 'contoso';
      expect(out.writes[other]).toBe(0);
    } else {
      expect(out.failure, out.internalComments.join('\n')).toBe(want);
      expect(out.tenant).toBeUndefined();
      expect(out.writes).toEqual({ contoso: 0, fabrikam: 0 });
    }
  });
});

describe('what agents are told', () => {
  it('membership unknown: names the account, the look-up and the unmapped domain, and what to do', async () => {
    useSite(world, 'refused');
    const out = await raiseAndRoute(world, world.demo.customers.nora);
    expect(out.internalComments[0]).toContain(world.demo.customers.nora.accountId);
    expect(out.internalComments[0]).toMatch(
      /organization look-up: refused; .*email domain northwind\.test is not mapped to a tenant\. Nothing was assigned\. Map the domain/,
    );
    expect(out.publicComments[0]).toMatch(/^We could not confirm which organization you belong to\./);
  });

  it('several tenants: lists each match, organization or domain', async () => {
    useSite(world, 'allowed');
    const out = await raiseAndRoute(world, world.demo.customers.both);
    expect(out.internalComments[0]).toMatch(
      /organization Contoso -> Contoso; organization Fabrikam -> Fabrikam; email domain contoso\.com -> Contoso/,
    );
  });
});
