// The portal resolver's operations against the sandbox world (emulated Jira, Graph, Entra): the
// caller is only ever the context's account; forged payloads (another organization, another
// tenant's package, another account, an issue key, any extra field) are refused or change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO, FABRIKAM } from '../../../sandbox/demo-data';
import { EM } from '../../../src/graph';
import { startWorld, type TestWorld } from '../workflow/world-support';
import { callPortal, picker, value, type ReadyList } from './portal-support';

let world: TestWorld;
let contosoAllowed: string[];
beforeAll(async () => {
  world = await startWorld();
  const p = world.demo.packages;
  contosoAllowed = [
    p.sales,
    p.obrien,
    p.rnd,
    p.finance,
    p.ventes,
    p.sharedGeneral,
    p.noPolicy,
    p.sharedPartners,
  ].sort();
});
afterAll(() => world.close());

const ids = (list: ReadyList) => list.packages.map((p) => p.id).sort();

describe('listPackages (the picker)', () => {
  it("lists exactly the caller's tenant's allow-listed packages, with descriptions", async () => {
    const contoso = world.graphGlobal.tenant(CONTOSO);
    const general = [...contoso.catalogs.values()].find((c) => c.displayName === 'General')!;
    const described = contoso.addAccessPackage({
      catalogId: general.id,
      displayName: 'Travel Desk',
      description: 'Book trips and claim expenses',
      policies: [{ displayName: 'Direct', allowedTargetScope: 'allDirectoryUsers' }],
    }).id;
    const list = value<ReadyList>(
      await callPortal(world, picker(world, world.demo.customers.adele.accountId), 'listPackages', {
        limit: 50,
      }),
    );
    expect(list).toMatchObject({ status: 'ready', action: 'grant', tenantName: 'Contoso' });
    expect(ids(list)).toEqual([...contosoAllowed, described].sort());
    expect(list.packages.find((p) => p.id === described)?.description).toBe('Book trips and claim expenses');
    expect(ids(list)).not.toContain(world.demo.packages.payroll); // Restricted catalog: not allowed
    expect(ids(list)).not.toContain(world.demo.packages.fabrikamRnd);

    const ines = value<ReadyList>(
      await callPortal(world, picker(world, world.demo.customers.ines.accountId), 'listPackages', {}),
    );
    expect(ines).toMatchObject({ status: 'ready', tenantName: 'Fabrikam' });
    expect(ids(ines)).toEqual([world.demo.packages.fabrikamRnd]);
  });

  it.each([
    ['equipe', ['Ventes – Équipe']],
    ['  SHARED   drive ', ['Shared Drive', 'Shared Drive']],
    ['drive partners', ['Shared Drive']],
    ["o'brien", ["O'Brien's Team"]],
    ['r+d', ['R+D Lab']],
    ['claim expenses', ['Travel Desk']],
    ['payroll', []],
  ])('searches as you type on the server: %j', async (query, names) => {
    const list = value<ReadyList>(
      await callPortal(world, picker(world, world.demo.customers.adele.accountId), 'listPackages', { query }),
    );
    expect(list.packages.map((p) => p.displayName)).toEqual(names);
    expect(list.total).toBe(names.length);
  });

  it('names the catalog of packages that share a name, and only of those', async () => {
    const list = value<ReadyList>(
      await callPortal(world, picker(world, world.demo.customers.adele.accountId), 'listPackages', {
        limit: 50,
      }),
    );
    const named = list.packages.filter((p) => p.catalogName).map((p) => [p.displayName, p.catalogName, p.id]);
    expect(named).toEqual([
      ['Shared Drive', 'General', world.demo.packages.sharedGeneral],
      ['Shared Drive', 'Partners', world.demo.packages.sharedPartners],
    ]);
  });

  it('caches the list per tenant under a key without user data, and serves typing from it', async () => {
    const route = `GET ${EM}/catalogs/{accessPackageCatalog-id}/accessPackages`;
    const before = world.graphGlobal.counters.byRoute[route] ?? 0;
    for (const query of ['s', 'sa', 'sal', 'sale']) {
      await callPortal(world, picker(world, world.demo.customers.megan.accountId), 'listPackages', { query });
    }
    expect(world.graphGlobal.counters.byRoute[route] ?? 0).toBe(before);
    const keys = Object.keys(world.store.dump().values);
    const portalKeys = keys.filter((k) => k.startsWith('cache:portal:'));
    expect(portalKeys.length).toBeGreaterThanOrEqual(2);
    for (const key of portalKeys) {
      expect(key).toMatch(new RegExp(`^cache:portal:(${CONTOSO}|${FABRIKAM}):packages:[0-9a-f]{16}$`));
      for (const c of Object.values(world.demo.customers)) {
        expect(key).not.toContain(c.accountId);
        expect(key).not.toContain(c.email);
      }
    }
  });

  it('explains, in plain words, when the organization maps to no tenant', async () => {
    const answer = value(
      await callPortal(world, picker(world, world.demo.customers.nora.accountId), 'listPackages', {}),
    );
    expect(answer).toEqual({
      status: 'not-mapped',
      message: expect.stringContaining('not set up for access requests'),
    });
    expect(JSON.stringify(answer)).not.toMatch(/Contoso|Fabrikam|packages/i);
  });

  it('explains when the organizations lead to several tenants, naming none of them', async () => {
    const answer = value(
      await callPortal(world, picker(world, world.demo.customers.both.accountId), 'listPackages', {}),
    );
    expect(answer).toMatchObject({ status: 'several-tenants' });
    expect(JSON.stringify(answer)).not.toMatch(/Contoso|Fabrikam/);
  });

  it('says nothing applies on a request type that is not an access request', async () => {
    const answer = value(
      await callPortal(
        world,
        { panel: 'picker', accountId: world.demo.customers.adele.accountId, requestTypeId: '999' },
        'listPackages',
        {},
      ),
    );
    expect(answer).toMatchObject({ status: 'not-an-access-request' });
  });

  it('lists, for a removal, only the allowed packages the caller holds now', async () => {
    const hana = value<ReadyList>(
      await callPortal(
        world,
        picker(world, world.demo.customers.holder.accountId, 'remove'),
        'listPackages',
        {},
      ),
    );
    expect(hana).toMatchObject({ status: 'ready', action: 'remove' });
    expect(ids(hana)).toEqual([world.demo.packages.sales]);
    // An assignment outside the allow-list is never offered, even when held.
    world.graphGlobal
      .tenant(CONTOSO)
      .addAssignment({ accessPackageId: world.demo.packages.payroll, userId: world.demo.users.holder! });
    const again = value<ReadyList>(
      await callPortal(
        world,
        picker(world, world.demo.customers.holder.accountId, 'remove'),
        'listPackages',
        {},
      ),
    );
    expect(ids(again)).toEqual([world.demo.packages.sales]);
    const adele = value<ReadyList>(
      await callPortal(
        world,
        picker(world, world.demo.customers.adele.accountId, 'remove'),
        'listPackages',
        {},
      ),
    );
    expect(adele).toMatchObject({ status: 'ready', total: 0, packages: [] });
  });
});

describe('forged payloads', () => {
  const forged: [string, Record<string, unknown>][] = [
    ['another account id', { accountId: 'qm:someone-else' }],
    ["another organization's id", { organizationId: '2' }],
    ['organizations', { organizations: [{ id: '2' }] }],
    ["another tenant's id", { tenantId: FABRIKAM }],
    ["another tenant's package id", { accessPackageId: '00000000-0000-4000-8000-000000000001' }],
    ['a request type', { requestTypeId: '2' }],
    ['an issue key', { issueKey: 'HELP-1' }],
  ];

  it.each(forged)('refuses %s in listPackages, and answers nothing', async (_what, extra) => {
    const before = world.graphGlobal.counters.total + world.graphCustom.counters.total;
    const response = await callPortal(
      world,
      picker(world, world.demo.customers.adele.accountId),
      'listPackages',
      { query: '', ...extra },
    );
    expect(response).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(response.ok ? undefined : response.errors.map((e) => e.path)).toEqual(Object.keys(extra));
    expect(world.graphGlobal.counters.total + world.graphCustom.counters.total).toBe(before);
  });

  it.each(forged)('refuses %s in requestStatus', async (_what, extra) => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
    });
    const response = await callPortal(
      world,
      { panel: 'status', accountId: world.demo.customers.adele.accountId, issueKey: issue.key },
      'requestStatus',
      extra,
    );
    expect(response).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it("finds nothing of another tenant by searching for its package's id or name", async () => {
    for (const query of [world.demo.packages.fabrikamRnd, world.demo.packages.payroll, 'Payroll Admin']) {
      const list = value<ReadyList>(
        await callPortal(world, picker(world, world.demo.customers.adele.accountId), 'listPackages', {
          query,
        }),
      );
      expect(list.total).toBe(0);
    }
    // Fabrikam's 'R+D Lab' shares a name with Contoso's: a Contoso customer gets Contoso's only.
    const rnd = value<ReadyList>(
      await callPortal(world, picker(world, world.demo.customers.adele.accountId), 'listPackages', {
        query: 'R+D Lab',
      }),
    );
    expect(ids(rnd)).toEqual([world.demo.packages.rnd]);
  });

  it('keeps each surface to its own operation', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
    });
    const fromStatus = await callPortal(
      world,
      { panel: 'status', accountId: world.demo.customers.adele.accountId, issueKey: issue.key },
      'listPackages',
      {},
    );
    expect(fromStatus).toMatchObject({ ok: false, code: 'forbidden' });
    const fromPicker = await callPortal(
      world,
      picker(world, world.demo.customers.adele.accountId),
      'requestStatus',
      {},
    );
    expect(fromPicker).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('requestStatus (the status panels)', () => {
  const status = (accountId: string, issueKey: string) => ({ panel: 'status' as const, accountId, issueKey });

  it('shows the reporter their request, and a colleague of the organization it is shared with', async () => {
    const issue = await world.raise({ customer: world.demo.customers.adele, packageName: 'Ventes – Équipe' });
    const received = value(
      await callPortal(world, status(world.demo.customers.adele.accountId, issue.key), 'requestStatus', {}),
    );
    expect(received).toEqual({
      status: 'ok',
      view: { issueKey: issue.key, action: 'grant', approval: false, phase: 'received', terminal: false },
    });
    await world.runQueue();
    const delivered = value<{ view: Record<string, unknown> }>(
      await callPortal(world, status(world.demo.customers.megan.accountId, issue.key), 'requestStatus', {}),
    );
    expect(delivered.view).toMatchObject({
      phase: 'delivered',
      terminal: true,
      packageName: 'Ventes – Équipe',
      endDateTime: expect.any(String),
    });
    // The customer view carries no technical detail.
    for (const key of [
      'tenantId',
      'tenantName',
      'accessPackageId',
      'userId',
      'userPrincipalName',
      'entraRequestId',
      'entraState',
      'failureCode',
      'policyId',
    ]) {
      expect(delivered.view).not.toHaveProperty(key);
    }
  });

  it('answers "not available" to a customer of another organization, exactly as for a missing request', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
    });
    await world.runQueue();
    const other = value(
      await callPortal(world, status(world.demo.customers.ines.accountId, issue.key), 'requestStatus', {}),
    );
    const unmapped = value(
      await callPortal(world, status(world.demo.customers.nora.accountId, issue.key), 'requestStatus', {}),
    );
    const missing = value(
      await callPortal(world, status(world.demo.customers.ines.accountId, 'HELP-99999'), 'requestStatus', {}),
    );
    expect(other).toEqual(missing);
    expect(unmapped).toEqual(missing);
    expect(missing).toMatchObject({ status: 'not-available' });
  });

  it('does not show a request that is not shared to a colleague of the reporter', async () => {
    const issue = await world.raise({
      customer: world.demo.customers.adele,
      packageName: 'Sales & Marketing',
      organizationIds: [],
    });
    expect(
      value(
        await callPortal(world, status(world.demo.customers.megan.accountId, issue.key), 'requestStatus', {}),
      ),
    ).toMatchObject({ status: 'not-available' });
    expect(
      value(
        await callPortal(world, status(world.demo.customers.adele.accountId, issue.key), 'requestStatus', {}),
      ),
    ).toMatchObject({ status: 'ok' });
  });

  it('gives agents the technical details, and refuses the agents view to a customer', async () => {
    const issue = await world.raise({ customer: world.demo.customers.adele, packageName: "O'Brien's Team" });
    await world.runQueue();
    const asCustomer = await callPortal(
      world,
      { panel: 'agent', accountId: world.demo.customers.adele.accountId, issueKey: issue.key },
      'requestStatus',
      {},
    );
    expect(asCustomer).toMatchObject({ ok: false, code: 'forbidden' });
    const asAgent = value<{ view: Record<string, unknown> }>(
      await callPortal(
        world,
        { panel: 'agent', accountId: world.jira.agentAccountId, issueKey: issue.key },
        'requestStatus',
        {},
      ),
    );
    expect(asAgent.view).toMatchObject({
      phase: 'delivered',
      tenantId: CONTOSO,
      tenantName: 'Contoso',
      accessPackageId: world.demo.packages.obrien,
      userId: world.demo.users.adele,
      entraRequestId: expect.any(String),
      entraState: expect.stringMatching(/^delivered$/i),
    });
  });

  it('shows a failure with the words written for the customer, and the code to agents', async () => {
    const issue = await world.raise({ customer: world.demo.customers.adele, packageName: 'Payroll Admin' });
    await world.runQueue();
    const customer = value<{ view: Record<string, unknown> }>(
      await callPortal(world, status(world.demo.customers.adele.accountId, issue.key), 'requestStatus', {}),
    );
    expect(customer.view).toMatchObject({
      phase: 'failed',
      terminal: true,
      message: expect.stringContaining('not something we can request'),
    });
    const agent = value<{ view: Record<string, unknown> }>(
      await callPortal(
        world,
        { panel: 'agent', accountId: world.jira.agentAccountId, issueKey: issue.key },
        'requestStatus',
        {},
      ),
    );
    expect(agent.view).toMatchObject({ failureCode: 'not_requestable' });
  });
});
