// testConnection against the Entra login and Graph emulators: a passing tenant, and each failure
// with the advice that fixes it. The report never carries the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/config/schema';
import { rolesOf, type ConnectionReport, type ConnectionStep } from '../../../src/core/admin/test-connection';
import { listAudit } from '../../../src/core/audit';
import { CONTOSO, FABRIKAM, MSP_APP, MSP_SECRET, ROLES } from '../../../sandbox/demo-data';
import { startAdminWorld, tenantGuid, type AdminWorld } from './support';

let w: AdminWorld;
const T = {
  expired: tenantGuid(3),
  noConsent: tenantGuid(4),
  noRoles: tenantGuid(5),
  readOnly: tenantGuid(6),
  missing: tenantGuid(7),
  otherCloud: tenantGuid(8),
  noApp: tenantGuid(9),
};

beforeAll(async () => {
  w = await startAdminWorld();
  const register = (tenantId: string, extra: Record<string, unknown>) => {
    w.login.addTenant(tenantId);
    w.login.registerApp(tenantId, { clientId: MSP_APP, secret: MSP_SECRET, roles: ROLES, ...extra });
  };
  register(T.expired, { secretExpiresAt: w.clock.now() - 1000 });
  register(T.noConsent, { consented: false });
  register(T.noRoles, { roles: [] });
  register(T.readOnly, { roles: ['EntitlementManagement.Read.All', 'User.Read.All'] });
  register(T.otherCloud, {});
  w.login.addTenant(T.noApp);
  const tenant = (tenantId: string, displayName: string, extra: Partial<Tenant> = {}) => ({
    tenantId,
    displayName,
    cloud: 'global' as const,
    credentialId: 'msp-app',
    ...extra,
  });
  const { config } = await w.ok('getConfiguration', {});
  await w.ok('saveConfiguration', {
    ...config,
    tenants: [
      ...config.tenants,
      tenant(T.expired, 'Expired Co'),
      tenant(T.noConsent, 'No Consent Co'),
      tenant(T.noRoles, 'No Roles Co'),
      tenant(T.readOnly, 'Read Only Co'),
      tenant(T.missing, 'Missing Co'),
      tenant(T.noApp, 'No App Co'),
      // The login endpoint answers, but does not know this Graph as a resource: another cloud's.
      tenant(T.otherCloud, 'Other Cloud Co', {
        cloud: 'custom',
        loginBaseUrl: w.login.url,
        graphBaseUrl: 'http://127.0.0.1:9/graph',
      }),
    ],
  });
});
afterAll(() => w.close());

const statuses = (report: ConnectionReport) => Object.fromEntries(report.steps.map((s) => [s.id, s.status]));
const step = (report: ConnectionReport, id: ConnectionStep['id']): ConnectionStep => {
  const found = report.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

describe('testConnection', () => {
  it('passes for a consented tenant with every permission (global and custom clouds), and audits it', async () => {
    for (const tenantId of [CONTOSO, FABRIKAM]) {
      const report = await w.ok('testConnection', { tenantId });
      expect(report.ok).toBe(true);
      expect(statuses(report)).toEqual({
        secret: 'ok',
        token: 'ok',
        'read-catalogs': 'ok',
        'read-users': 'ok',
        'write-permission': 'ok',
        'organization-lookup': 'ok',
      });
    }
    const [entry] = await listAudit(w.store, {
      limit: 1,
      filter: { text: 'admin.test-connection', tenantId: CONTOSO },
    });
    expect(entry).toMatchObject({
      kind: 'admin',
      outcome: 'ok',
      tenantId: CONTOSO,
      detail: 'all steps passed (by admin-account-1)',
    });
  });

  it('never returns the token, only what was checked', async () => {
    const response = await w.call('testConnection', { tenantId: CONTOSO });
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    expect(text).not.toContain(MSP_SECRET);
  });

  it.each([
    ['a wrong secret', 'wrong', 'invalid_secret', /Value \(not its Secret ID\)/],
    ['an expired secret', T.expired, 'expired_secret', /has expired: create a new client secret/],
    [
      'missing admin consent',
      T.noConsent,
      'consent_missing',
      new RegExp(
        `grant admin consent to app ${MSP_APP} at https://login\\.microsoftonline\\.com/${T.noConsent}/adminconsent\\?client_id=${MSP_APP}`,
      ),
    ],
    [
      'a tenant that does not exist',
      T.missing,
      'tenant_not_found',
      /was not found in the global cloud: check the tenant id/,
    ],
    [
      'a tenant in another cloud',
      T.otherCloud,
      'wrong_cloud',
      /the tenant lives in another cloud \(change Cloud\)/,
    ],
    [
      'an app that is not in the tenant',
      T.noApp,
      'app_not_in_tenant',
      /check the client id of credential "MSP multi-tenant app"/,
    ],
  ])('fails at the token for %s, saying what to fix', async (_what, tenantId, problem, advice) => {
    if (tenantId === 'wrong')
      await w.ok('setCredentialSecret', {
        credentialId: 'msp-app',
        secret: { kind: 'secret', clientSecret: 'a-wrong-secret' },
      });
    try {
      const report = await w.ok('testConnection', { tenantId: tenantId === 'wrong' ? CONTOSO : tenantId });
      expect(report.ok).toBe(false);
      expect(step(report, 'token')).toMatchObject({ status: 'failed', problem });
      expect(step(report, 'token').advice).toMatch(advice);
      expect(statuses(report)).toMatchObject({
        'read-catalogs': 'skipped',
        'read-users': 'skipped',
        'write-permission': 'skipped',
      });
      expect(JSON.stringify(report)).not.toContain('a-wrong-secret');
    } finally {
      if (tenantId === 'wrong')
        await w.ok('setCredentialSecret', {
          credentialId: 'msp-app',
          secret: { kind: 'secret', clientSecret: MSP_SECRET },
        });
    }
  });

  it('names each missing permission when the app has none granted', async () => {
    const report = await w.ok('testConnection', { tenantId: T.noRoles });
    expect(statuses(report)).toEqual({
      secret: 'ok',
      token: 'ok',
      'read-catalogs': 'failed',
      'read-users': 'failed',
      'write-permission': 'failed',
      'organization-lookup': 'ok',
    });
    expect(step(report, 'read-catalogs')).toMatchObject({ problem: 'permission_missing' });
    expect(step(report, 'read-catalogs').advice).toMatch(
      /application permission EntitlementManagement\.Read\.All .*admin consent/,
    );
    expect(step(report, 'read-users').advice).toMatch(/User\.Read\.All/);
    expect(step(report, 'write-permission').advice).toMatch(/EntitlementManagement\.ReadWrite\.All/);
    expect(step(report, 'write-permission').detail).toMatch(/roles are empty/);
  });

  it('fails only the write check when the app may read but not write', async () => {
    const report = await w.ok('testConnection', { tenantId: T.readOnly });
    expect(statuses(report)).toEqual({
      secret: 'ok',
      token: 'ok',
      'read-catalogs': 'ok',
      'read-users': 'ok',
      'write-permission': 'failed',
      'organization-lookup': 'ok',
    });
    expect(step(report, 'write-permission').detail).toMatch(/\(read only\)/);
  });

  it('refuses a tenant that is not saved, at the tenant id', async () => {
    const response = await w.call('testConnection', { tenantId: tenantGuid(1) });
    expect(response).toMatchObject({ ok: false, code: 'not_found', errors: [{ path: 'tenantId' }] });
    const bad = await w.raw('testConnection', { tenantId: 'contoso' });
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input', errors: [{ path: 'tenantId' }] });
  });
});

describe('rolesOf', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('reads the roles claim without verifying, and tells an opaque token apart', () => {
    expect(rolesOf(jwt({ roles: ['A', 'B', 3] }))).toEqual(['A', 'B']);
    expect(rolesOf(jwt({}))).toEqual([]);
    expect(rolesOf('opaque-token')).toBeUndefined();
    expect(rolesOf('a.%%%.c')).toBeUndefined();
  });
});
