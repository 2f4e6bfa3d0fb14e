// The routing decision as a table: verified organizations, email domain, what the request is
// shared with, and whether membership could be read at all (issue 10).
import { describe, expect, it } from 'vitest';
import { ConfigSchema, type Config } from '../../../src/config/schema';
import { emailDomain, routeTenant, type RouteFacts } from '../../../src/config/route-tenant';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';
const tenant = (tenantId: string, displayName: string, orgs: string[], domains: string[]) => ({
  tenantId,
  displayName,
  cloud: 'global',
  credentialId: 'msp',
  organizations: orgs.map((id) => ({ id, name: `org${id}` })),
  domains,
});
const config: Config = ConfigSchema.parse({
  credentials: [
    { id: 'msp', displayName: 'MSP', clientId: '33333333-3333-4333-8333-333333333333', kind: 'secret' },
  ],
  tenants: [
    tenant(CONTOSO, 'Contoso', ['1', '2'], ['contoso.com', 'contoso.co.uk']),
    tenant(FABRIKAM, 'Fabrikam', ['3'], ['fabrikam.com']),
  ],
});
const orgs = (...ids: string[]) => ids.map((id) => ({ id }));

type Row = [string, RouteFacts, string];
const rows: Row[] = [
  // [what, facts, expected: tenant name | none | unknown | several]
  ['one mapped organization', { memberOf: orgs('1'), membershipKnown: true }, 'Contoso'],
  ['two organizations of one tenant', { memberOf: orgs('1', '2'), membershipKnown: true }, 'Contoso'],
  ['an unmapped organization only', { memberOf: orgs('9'), membershipKnown: true }, 'none'],
  ['no organization, no email', { memberOf: [], membershipKnown: true }, 'none'],
  ['organizations of two tenants', { memberOf: orgs('1', '3'), membershipKnown: true }, 'several'],
  ['domain only', { memberOf: [], membershipKnown: true, email: 'a@fabrikam.com' }, 'Fabrikam'],
  [
    'domain matched case-insensitively',
    { memberOf: [], membershipKnown: true, email: 'A@Contoso.COM' },
    'Contoso',
  ],
  [
    'a sub-domain is not the domain',
    { memberOf: [], membershipKnown: true, email: 'a@eu.contoso.com' },
    'none',
  ],
  ['unmapped domain', { memberOf: [], membershipKnown: true, email: 'a@gmail.com' }, 'none'],
  [
    'organization and domain naming the same tenant',
    { memberOf: orgs('1'), membershipKnown: true, email: 'a@contoso.com' },
    'Contoso',
  ],
  [
    'organization and domain naming two tenants',
    { memberOf: orgs('1'), membershipKnown: true, email: 'a@fabrikam.com' },
    'several',
  ],
  [
    'membership unknown, domain mapped',
    { memberOf: [], membershipKnown: false, email: 'a@contoso.com' },
    'Contoso',
  ],
  [
    'membership unknown, domain unmapped',
    { memberOf: [], membershipKnown: false, email: 'a@gmail.com' },
    'unknown',
  ],
  ['membership unknown, no email', { memberOf: [], membershipKnown: false }, 'unknown'],
  // Sharing chooses among matched tenants, and only among them.
  [
    'several, shared with one of them',
    { memberOf: orgs('1', '3'), membershipKnown: true, sharedWith: orgs('3') },
    'Fabrikam',
  ],
  [
    'several, shared with both',
    { memberOf: orgs('1', '3'), membershipKnown: true, sharedWith: orgs('2', '3') },
    'several',
  ],
  [
    'several, shared with another tenant org of a matched tenant',
    { memberOf: orgs('1', '3'), membershipKnown: true, sharedWith: orgs('2') },
    'Contoso',
  ],
  [
    'org and domain of two tenants, shared with one',
    { memberOf: orgs('1'), membershipKnown: true, email: 'a@fabrikam.com', sharedWith: orgs('3') },
    'Fabrikam',
  ],
  [
    'sharing never adds a tenant: none stays none',
    { memberOf: orgs('9'), membershipKnown: true, sharedWith: orgs('3') },
    'none',
  ],
  [
    'sharing never adds a tenant: one stays that one',
    { memberOf: orgs('1'), membershipKnown: true, sharedWith: orgs('3') },
    'Contoso',
  ],
  [
    'sharing never adds a tenant: unknown stays unknown',
    { memberOf: [], membershipKnown: false, sharedWith: orgs('3') },
    'unknown',
  ],
  [
    'sharing never adds a tenant: domain decides',
    { memberOf: [], membershipKnown: false, email: 'a@contoso.com', sharedWith: orgs('3') },
    'Contoso',
  ],
];

describe('routeTenant', () => {
  it.each(rows)('%s', (_what, facts, expected) => {
    const result = routeTenant(config, facts);
    const outcome = result.ok
      ? result.tenant.displayName
      : result.reason === 'none' && !result.membershipKnown
        ? 'unknown'
        : result.reason;
    expect(outcome).toBe(expected);
  });

  it('says what matched', () => {
    const result = routeTenant(config, {
      memberOf: orgs('1'),
      membershipKnown: true,
      email: 'a@fabrikam.com',
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'several',
      matches: [
        { by: 'organization', organization: { id: '1' }, tenant: { displayName: 'Contoso' } },
        { by: 'domain', domain: 'fabrikam.com', tenant: { displayName: 'Fabrikam' } },
      ],
    });
  });

  it.each([
    ['a@contoso.com', 'contoso.com'],
    ['"odd@name"@Contoso.Com', 'contoso.com'],
    ['no-at-sign', undefined],
    ['trailing@', undefined],
    ['@leading.com', undefined],
    [undefined, undefined],
  ])('emailDomain(%s) = %s', (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });
});

describe('tenant domains in the configuration', () => {
  const base = {
    credentials: [
      { id: 'msp', displayName: 'MSP', clientId: '33333333-3333-4333-8333-333333333333', kind: 'secret' },
    ],
  };
  it('are trimmed and lower-cased', () => {
    const parsed = ConfigSchema.parse({
      ...base,
      tenants: [tenant(CONTOSO, 'Contoso', [], [' Contoso.COM '])],
    });
    expect(parsed.tenants[0]!.domains).toEqual(['contoso.com']);
  });
  it.each(['contoso', 'a@contoso.com', 'contoso .com', '-contoso.com', 'contoso.com.', ''])(
    'reject %j',
    (domain) => {
      expect(ConfigSchema.safeParse({ ...base, tenants: [tenant(CONTOSO, 'C', [], [domain])] }).success).toBe(
        false,
      );
    },
  );
  it('map a domain to one tenant only, whatever its case', () => {
    const result = ConfigSchema.safeParse({
      ...base,
      tenants: [tenant(CONTOSO, 'C', [], ['contoso.com']), tenant(FABRIKAM, 'F', [], ['CONTOSO.com'])],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['tenants', 1, 'domains', 0],
      message: `Domain contoso.com is already mapped to tenant ${CONTOSO}.`,
    });
  });
  it('list a domain once per tenant', () => {
    const result = ConfigSchema.safeParse({
      ...base,
      tenants: [tenant(CONTOSO, 'C', [], ['contoso.com', 'contoso.com'])],
    });
    expect(result.error?.issues[0]?.message).toBe('Domain contoso.com is listed twice.');
  });
});
