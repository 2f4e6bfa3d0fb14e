// The admin page in Debian's Chromium, served by the sandbox exactly as built for Forge: add a
// credential and store its secret, add a tenant and map an organization, allow-list a package read
// from the emulated catalog, test the connection (passing, then failing with the right advice),
// store a certificate, see a demo request in the audit trail, copy the web trigger URL, and
// export then re-import the configuration. Every resolver response is captured and searched for
// the secrets. The steps build on each other, in order.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../src/config/schema';
import { loadConfig } from '../../src/core/config-store';
import { MSP_SECRET } from '../../sandbox/demo-data';
import { createTestCertificate, type TestCertificate } from '../unit/graph/support/self-signed-cert';
import {
  ADMIN_ACCOUNT,
  WEB_TRIGGER,
  NORTHWIND,
  NORTHWIND_APP,
  NORTHWIND_SECRET,
  startAdminSandbox,
  type AdminSandbox,
} from './support/admin-sandbox';
import { ensureBuilt, launchBrowser } from './support/browser';
import { announced, focusedId, openAdminPage, type AdminPage } from './support/page';

const WRONG_SECRET = 'northwind-WRONG-secret~value.123';
const CERT_APP = '0e0e0e0e-0000-4000-8000-0000000000d2';
let sb: AdminSandbox;
let browser: Browser;
let admin: AdminPage;
let page: Page;
let cert: TestCertificate;

beforeAll(async () => {
  await ensureBuilt('admin');
  [sb, browser, cert] = await Promise.all([
    startAdminSandbox(),
    launchBrowser(),
    createTestCertificate('browser-cert'),
  ]);
  admin = await openAdminPage(browser, sb.ui.appUrl('admin'));
  page = admin.page;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

const stored = (): Promise<Config> => loadConfig(sb.world.store);
const tenantCard = () => page.locator('details', { has: page.locator('summary', { hasText: 'Northwind' }) });

async function save(): Promise<void> {
  await page.getByRole('button', { name: 'Save configuration' }).click();
  await expect.poll(() => page.getByTestId('save-result').textContent()).toBe('Configuration saved.');
  await announced(page, /Configuration saved\./);
  // Focus moves to the result, so a keyboard or screen-reader user hears and finds it.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('save-result');
}

describe('the admin page', () => {
  it('labels every control and lists the sections', async () => {
    const unlabelled = await page.$$eval('input, select, textarea', (elements) =>
      elements
        .filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label'))
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    for (const name of [
      'Credentials',
      'Tenants',
      'Request types',
      'Offline apps',
      'Web trigger URL',
      'Audit trail',
      'Import and export',
    ]) {
      await expect.poll(() => page.getByRole('heading', { name, level: 2 }).count()).toBe(1);
    }
  });

  it('adds a credential and stores its secret, which is shown only as "set on <date>"', async () => {
    await page.getByRole('button', { name: 'Add credential' }).click();
    expect(await focusedId(page)).toBe('f-credentials-1-displayName');
    await page.fill('#f-credentials-1-displayName', 'Northwind app');
    await page.fill('#f-credentials-1-id', 'northwind-app');
    await page.fill('#f-credentials-1-clientId', NORTHWIND_APP);
    await save();

    const panel = page.getByRole('group', { name: 'Client secret' }).nth(1);
    await panel.getByRole('button', { name: 'Store client secret' }).click();
    await panel.getByLabel('Client secret value').fill(NORTHWIND_SECRET);
    await panel.getByRole('button', { name: 'Store client secret' }).click();
    await announced(page, /Client secret stored for Northwind app\./);
    await expect
      .poll(() => page.getByTestId('secret-status-northwind-app').textContent())
      .toMatch(/^Set on .*2026/);
    expect(await page.content()).not.toContain(NORTHWIND_SECRET);
    expect((await stored()).credentials.find((c) => c.id === 'northwind-app')?.secretSetAt).toBeDefined();
  });

  it('adds a tenant and maps an organization picked from the site', async () => {
    await page.getByRole('button', { name: 'Add tenant' }).click();
    expect(await focusedId(page)).toBe('f-tenants-2-tenantId');
    await page.fill('#f-tenants-2-tenantId', NORTHWIND);
    await page.fill('#f-tenants-2-displayName', 'Northwind');
    await page.selectOption('#f-tenants-2-credentialId', 'northwind-app');
    await tenantCard().getByLabel('Northwind', { exact: true }).check();
    await save();
    const tenant = (await stored()).tenants.find((t) => t.tenantId === NORTHWIND);
    expect(tenant).toMatchObject({
      displayName: 'Northwind',
      credentialId: 'northwind-app',
      organizations: [{ id: sb.world.demo.orgs.northwind, name: 'Northwind' }],
    });
  });

  it("allow-lists a package read from the tenant's catalog", async () => {
    await tenantCard().getByRole('button', { name: 'Load catalogs from Entra' }).click();
    await announced(page, /1 catalogs with 2 access packages loaded from Northwind/);
    await tenantCard()
      .getByRole('group', { name: `Catalog ${sb.northwind.catalogName}` })
      .getByLabel(sb.northwind.packageName)
      .check();
    // Issue 11: approval is marked on the allowed package, not on a request type.
    const marks = tenantCard().getByRole('group', { name: `Approval for ${sb.northwind.packageName}` });
    const standsIn = marks.getByLabel('JSM approval stands in for Entra approval');
    expect(await standsIn.isDisabled()).toBe(true);
    await marks.getByLabel('Needs JSM approval').check();
    await standsIn.check();
    await save();
    expect((await stored()).tenants.find((t) => t.tenantId === NORTHWIND)?.requestable).toEqual({
      accessPackageIds: [sb.northwind.packageId],
      catalogIds: [],
      items: { [sb.northwind.packageId]: { jsmApproval: true, jsmApprovalStandsInForEntra: true } },
    });
  });

  it('tests the connection: it passes', async () => {
    await tenantCard().getByRole('button', { name: 'Test connection' }).click();
    await announced(page, /Connection to Northwind works\./);
    const report = tenantCard().getByTestId('connection-report');
    expect(await report.getAttribute('data-ok')).toBe('true');
    expect(await report.locator('li[data-status="ok"]').count()).toBe(6);
  });

  it('tests the connection with a wrong secret: it fails and says what to fix', async () => {
    const panel = page.getByRole('group', { name: 'Client secret' }).nth(1);
    await panel.getByRole('button', { name: 'Replace client secret' }).click();
    await panel.getByLabel('Client secret value').fill(WRONG_SECRET);
    await panel.getByLabel('Client secret value').press('Enter'); // Enter stores the secret, it does not save the form
    await announced(page, /Client secret stored for Northwind app\./);
    await tenantCard().getByRole('button', { name: 'Test connection' }).click();
    await announced(
      page,
      /Connection to Northwind failed at "Get a token"\. The client secret of credential "Northwind app" is wrong/,
    );
    const token = tenantCard().locator('li[data-step="token"]');
    expect(await token.getAttribute('data-status')).toBe('failed');
    expect(await token.locator('[data-problem]').getAttribute('data-problem')).toBe('invalid_secret');
    expect(await token.textContent()).toContain(
      "copy the secret's Value (not its Secret ID) from the app registration and store it under Credentials",
    );
  });

  it('stores a certificate for a certificate credential and shows its thumbprint', async () => {
    await page.getByRole('button', { name: 'Add credential' }).click();
    await page.fill('#f-credentials-2-displayName', 'Certificate app');
    await page.fill('#f-credentials-2-id', 'cert-app');
    await page.fill('#f-credentials-2-clientId', CERT_APP);
    await page.selectOption('#f-credentials-2-kind', 'certificate');
    await save();
    const panel = page.getByRole('group', { name: 'Certificate', exact: true });
    await panel.getByRole('button', { name: 'Store certificate' }).click();
    await panel.getByLabel('Certificate (PEM)').fill(cert.certificatePem);
    await panel.getByLabel('Private key (PEM, unencrypted)').fill(cert.privateKeyPem);
    await panel.getByRole('button', { name: 'Store certificate' }).click();
    await announced(page, /Certificate stored for Certificate app\./);
    const thumbprint = new X509Certificate(cert.certificatePem).fingerprint.replace(/:/g, '');
    await expect.poll(() => page.getByTestId('secret-status-cert-app').textContent()).toContain(thumbprint);
  });

  it('shows a demo request in the audit trail', async () => {
    const issue = await sb.world.raise({
      customer: sb.world.demo.customers.adele,
      packageName: 'Sales & Marketing',
      justification: 'Quarterly planning',
    });
    await sb.world.runQueue();
    await page.selectOption('#f-audit-kind', 'ticket');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await announced(page, /audit entr(y|ies) shown/);
    const rows = page.getByTestId('audit-table').locator('tbody tr', { hasText: issue.key });
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[1]).toBe(issue.key);
    expect(cells[2]).toBe('Contoso');
    expect(cells[4]).toMatch(/ok/);
    expect(cells[5]).toMatch(/^\d+ ms$/);
    // Admin changes are in the trail too, with who made them.
    await page.selectOption('#f-audit-kind', 'admin');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('audit-table')
          .locator('tbody tr', { hasText: 'admin.set-credential-secret' })
          .count(),
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('audit-table').textContent()).toContain(`by ${ADMIN_ACCOUNT}`);
  });

  it('copies the web trigger URL and announces it; each tenant shows its relay URL', async () => {
    await page.getByRole('button', { name: 'Copy web trigger URL' }).click();
    await announced(page, /web trigger URL: copied to the clipboard\./);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(WEB_TRIGGER);
    expect(await tenantCard().getByLabel("URL this tenant's relay calls").inputValue()).toBe(
      `${WEB_TRIGGER}?tenant=${NORTHWIND}`,
    );
  });

  it('exports the configuration and re-imports it to the same configuration', async () => {
    const before = await stored();
    await page.getByRole('button', { name: 'Export configuration' }).click();
    await announced(page, /Configuration exported/);
    const json = await page.getByLabel('Exported configuration').inputValue();
    expect(JSON.parse(json)).toEqual(before);
    expect(
      await page.getByRole('link', { name: /Download access-bridge-config-2026-11-28\.json/ }).count(),
    ).toBe(1);

    await tenantCard().getByRole('button', { name: 'Remove tenant Northwind' }).click();
    await save();
    expect((await stored()).tenants.map((t) => t.tenantId)).not.toContain(NORTHWIND);

    await page.getByLabel('Configuration to import').fill(json);
    await page.getByRole('button', { name: 'Import configuration' }).click();
    await announced(page, /Configuration imported\./);
    expect(await stored()).toEqual(before);
    await expect.poll(() => tenantCard().count()).toBe(1);
  });

  it('never sent a secret back: no client secret or certificate key in any resolver response', async () => {
    const bodies = [
      ...sb.responses.map((r) => JSON.stringify(r.response)),
      ...(await Promise.all(admin.bridgeBodies)),
    ];
    expect(sb.responses.length).toBeGreaterThan(20);
    expect(new Set(sb.responses.map((r) => r.functionKey))).toEqual(
      new Set([
        'getConfiguration',
        'listJiraOrganizations',
        'listServiceDesks',
        'listFields',
        'listPriorities',
        'getWebTriggerUrl',
        'listAudit',
        'listRequestTypes',
        'saveConfiguration',
        'setCredentialSecret',
        'listTenantCatalog',
        'testConnection',
        'exportConfiguration',
        'importConfiguration',
      ]),
    );
    const keyBody = cert.privateKeyPem.split('\n')[1] as string;
    for (const body of bodies) {
      for (const secret of [NORTHWIND_SECRET, WRONG_SECRET, MSP_SECRET, keyBody, 'PRIVATE KEY-----'])
        expect(body).not.toContain(secret);
      expect(body).not.toMatch(/eyJ[\w-]{10,}\.eyJ/); // no access token either
    }
  });
});
