// The admin side of domain routing (issue 10): importing a tenant's verified domains from Graph
// (GET /domains, Domain.Read.All) and the connection test saying what the organization look-up
// does on this site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO, FABRIKAM, MSP_APP, MSP_SECRET } from '../../../sandbox/demo-data';
import { startAdminWorld, tenantGuid, type AdminWorld } from '../admin/support';

let w: AdminWorld;
const NO_DOMAIN_READ = tenantGuid(7);
beforeAll(async () => {
  w = await startAdminWorld();
  w.login.addTenant(NO_DOMAIN_READ);
  w.login.registerApp(NO_DOMAIN_READ, {
    clientId: MSP_APP,
    secret: MSP_SECRET,
    roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'],
  });
  const { config } = await w.ok('getConfiguration', {});
  await w.ok('saveConfiguration', {
    ...config,
    tenants: [
      ...config.tenants,
      { tenantId: NO_DOMAIN_READ, displayName: 'No Domains Co', cloud: 'global', credentialId: 'msp-app' },
    ],
  });
});
afterAll(() => w.close());

describe('importDomains', () => {
  it("offers the tenant's verified domains, never unverified ones, and not those another tenant maps", async () => {
    // contoso.com is already on Contoso in the demo; none of Contoso's is on another tenant.
    expect(await w.ok('importDomains', { tenantId: CONTOSO })).toEqual({
      domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      takenByOtherTenants: [],
      unverified: ['contoso-pending.com'],
    });
    // Map fabrikam.onmicrosoft.com to Contoso by mistake: Fabrikam's import reports it apart.
    const { config } = await w.ok('getConfiguration', {});
    const tenants = config.tenants.map((t) =>
      t.tenantId === CONTOSO ? { ...t, domains: [...t.domains, 'fabrikam.onmicrosoft.com'] } : t,
    );
    await w.ok('saveConfiguration', { ...config, tenants });
    expect(await w.ok('importDomains', { tenantId: FABRIKAM })).toEqual({
      domains: ['fabrikam.com'],
      takenByOtherTenants: [{ domain: 'fabrikam.onmicrosoft.com', tenantName: 'Contoso' }],
      unverified: [],
    });
    await w.ok('saveConfiguration', { ...config });
  });

  it('without Domain.Read.All, says which permission to grant', async () => {
    const response = await w.call('importDomains', { tenantId: NO_DOMAIN_READ });
    expect(response).toMatchObject({ ok: false, code: 'permission_missing' });
    expect(!response.ok && response.message).toMatch(/Domain\.Read\.All.*or type the domains in/);
  });

  it('a domain mapped to two tenants is refused on save', async () => {
    const { config } = await w.ok('getConfiguration', {});
    const tenants = config.tenants.map((t) =>
      t.tenantId === FABRIKAM ? { ...t, domains: [...t.domains, 'CONTOSO.com'] } : t,
    );
    const response = await w.call('saveConfiguration', { ...config, tenants });
    expect(response.ok).toBe(false);
    expect(JSON.stringify(response)).toContain(`Domain contoso.com is already mapped to tenant ${CONTOSO}.`);
  });
});

describe('testConnection: the organization look-up on this site', () => {
  const lookupStep = async (tenantId: string) =>
    (await w.ok('testConnection', { tenantId })).steps.find((s) => s.id === 'organization-lookup');

  it.each([
    ['allowed', undefined, CONTOSO, 'ok', /^Allowed/],
    ['refused', 'allowed', CONTOSO, 'ok', /^Refused.*checks each mapped organization's member list/],
    [
      'refused',
      undefined,
      CONTOSO,
      'ok',
      /^Refused.*only the email domains route customers to Contoso \(contoso\.com\)/,
    ],
    ['filter-ignored', undefined, CONTOSO, 'ok', /^Filter ignored.*only the email domains/],
    ['filter-ignored', undefined, NO_DOMAIN_READ, 'failed', /no email domains, so no request can reach it/],
  ] as const)('%s (member lists %s), tenant %s: %s', async (lookup, users, tenantId, status, detail) => {
    w.jira.settings.organizationLookup = lookup;
    w.jira.settings.organizationUsers = users;
    const step = await lookupStep(tenantId);
    expect(step).toMatchObject({ status, lookup });
    expect(step?.detail).toMatch(detail);
    if (status === 'failed') expect(step?.advice).toMatch(/Add the email domains of No Domains Co/);
  });
});
