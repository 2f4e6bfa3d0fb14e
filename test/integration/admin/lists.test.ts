// The pickers (Jira organizations, service desks, request types, fields, priorities; the tenant's
// catalogs from Graph) and the audit trail, against the emulators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src/core/audit';
import { CONTOSO } from '../../../sandbox/demo-data';
import { startAdminWorld, tenantGuid, type AdminWorld } from './support';

let w: AdminWorld;
beforeAll(async () => {
  w = await startAdminWorld();
});
afterAll(() => w.close());

describe('Jira pickers', () => {
  it('lists the organizations, service desks, request types, custom fields and priorities of the site', async () => {
    expect(await w.ok('listJiraOrganizations', {})).toEqual([
      { id: w.demo.orgs.contoso, name: 'Contoso' },
      { id: w.demo.orgs.fabrikam, name: 'Fabrikam' },
      { id: w.demo.orgs.northwind, name: 'Northwind' },
    ]);
    const desks = await w.ok('listServiceDesks', {});
    expect(desks).toEqual([
      expect.objectContaining({ id: w.demo.serviceDeskId, projectKey: 'HELP', projectName: 'IT Help' }),
    ]);
    const types = await w.ok('listRequestTypes', { serviceDeskId: w.demo.serviceDeskId });
    expect(types.map((t) => t.name)).toEqual([
      'Remove my access',
      'Request an access package',
      'Request sensitive access',
    ]);
    expect(types.every((t) => t.issueTypeId === '10003' && t.serviceDeskId === w.demo.serviceDeskId)).toBe(
      true,
    );
    const fields = await w.ok('listFields', {});
    expect(fields).toContainEqual(
      expect.objectContaining({ id: w.demo.fields.package, name: 'Access package', custom: true }),
    );
    expect((await w.ok('listPriorities', {})).map((p) => p.name)).toContain('High');
  });

  it('refuses a service desk id that is not a Jira id', async () => {
    expect(await w.raw('listRequestTypes', { serviceDeskId: '../1' })).toMatchObject({
      ok: false,
      errors: [{ path: 'serviceDeskId', message: 'Pick a service desk.' }],
    });
  });
});

describe('listTenantCatalog', () => {
  it("groups the tenant's packages under their catalogs, by name", async () => {
    const { catalogs } = await w.ok('listTenantCatalog', { tenantId: CONTOSO });
    expect(catalogs.map((c) => c.displayName)).toEqual(['General', 'Partners', 'Restricted']);
    const general = catalogs[0]!;
    expect(general.packages.map((p) => p.displayName)).toEqual([
      'Finance #1',
      'Members Only',
      "O'Brien's Team",
      'R+D Lab',
      'Sales & Marketing',
      'Shared Drive',
      'Ventes – Équipe',
    ]);
    expect(catalogs[1]!.packages).toEqual([
      expect.objectContaining({ id: w.demo.packages.sharedPartners, displayName: 'Shared Drive' }),
    ]);
    expect(catalogs[2]!.packages.map((p) => p.id)).toEqual([w.demo.packages.payroll]);
  });

  it('says to save a tenant first, and what to grant when catalogs cannot be read', async () => {
    expect(await w.call('listTenantCatalog', { tenantId: tenantGuid(4) })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    const noRoles = tenantGuid(5);
    w.login.addTenant(noRoles);
    w.login.registerApp(noRoles, {
      clientId: w.demo.config.credentials[0]!.clientId,
      secret: 'demo-only-client-secret~not-a-real-one',
      roles: [],
    });
    const { config } = await w.ok('getConfiguration', {});
    await w.ok('saveConfiguration', {
      ...config,
      tenants: [
        ...config.tenants,
        { tenantId: noRoles, displayName: 'No Roles', cloud: 'global', credentialId: 'msp-app' },
      ],
    });
    const response = await w.call('listTenantCatalog', { tenantId: noRoles });
    expect(response).toMatchObject({ ok: false, code: 'permission_missing' });
    expect(response.ok === false && response.message).toMatch(/EntitlementManagement\.Read\.All/);
  });
});

describe('listAudit', () => {
  it('filters by kind, outcome, tenant and text, newest first, within the limit', async () => {
    for (const [i, entry] of [
      { kind: 'ticket', ref: 'HELP-1', tenantId: CONTOSO, action: 'access.delivered', outcome: 'ok' },
      {
        kind: 'callout',
        ref: 'stage-1',
        tenantId: CONTOSO,
        action: 'callout.assignmentRequestApproved',
        outcome: 'refused',
        detail: 'signature',
      },
      { kind: 'ticket', ref: 'HELP-2', action: 'access.failed', outcome: 'failed' },
    ].entries()) {
      (w.clock as unknown as { advance(ms: number): void }).advance(1000 * (i + 1));
      await appendAudit(w.ports, entry as Parameters<typeof appendAudit>[1]);
    }
    const tickets = await w.ok('listAudit', { filter: { kind: 'ticket' }, limit: 10 });
    expect(tickets.map((e) => e.ref)).toEqual(['HELP-2', 'HELP-1']);
    expect((await w.ok('listAudit', { filter: { outcome: 'refused' } })).map((e) => e.ref)).toEqual([
      'stage-1',
    ]);
    expect(
      (await w.ok('listAudit', { filter: { tenantId: CONTOSO, kind: 'ticket' } })).map((e) => e.ref),
    ).toEqual(['HELP-1']);
    expect((await w.ok('listAudit', { filter: { text: 'SIGNATURE' } })).map((e) => e.ref)).toEqual([
      'stage-1',
    ]);
    expect(await w.ok('listAudit', { filter: { kind: 'ticket', text: '' }, limit: 1 })).toHaveLength(1);
    expect(await w.raw('listAudit', { limit: 5000 })).toMatchObject({
      ok: false,
      errors: [{ path: 'limit' }],
    });
  });
});
