// The admin page's email domains (issue 10), in Debian's Chromium: Contoso shows its domain,
// imports its verified domains from the emulated Entra tenant (never the unverified one), a
// typed domain is lower-cased, and the saved configuration holds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config-store';
import { CONTOSO } from '../../sandbox/demo-data';
import { startAdminSandbox, type AdminSandbox } from './support/admin-sandbox';
import { ensureBuilt, launchBrowser } from './support/browser';
import { announced, openAdminPage } from './support/page';

let sb: AdminSandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureBuilt('admin');
  [sb, browser] = await Promise.all([startAdminSandbox(), launchBrowser()]);
  page = (await openAdminPage(browser, sb.ui.appUrl('admin'))).page;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

describe('tenant email domains', () => {
  it('shows, imports, adds and saves the domains of a tenant', async () => {
    const card = page.locator('details', { has: page.locator('summary', { hasText: 'Contoso' }) });
    await card.locator('summary').click();
    const list = card.getByTestId('tenant-0-domains');
    await expect.poll(() => list.textContent()).toContain('contoso.com');

    await card.getByRole('button', { name: 'Import verified domains from Entra' }).click();
    await announced(
      page,
      /Added 1 verified domain of Contoso: contoso\.onmicrosoft\.com\. Save to keep them\./,
    );
    expect(await card.getByTestId('tenant-0-domains-skipped').textContent()).toContain(
      'contoso-pending.com (not verified in Entra)',
    );

    await card.getByLabel('Add a domain').fill(' Contoso.CO.UK ');
    await card.getByRole('button', { name: 'Add domain' }).click();
    await expect.poll(() => list.textContent()).toContain('contoso.co.uk');
    await page.screenshot({ path: '/tmp/identity-admin-domains.png', fullPage: false });

    await page.getByRole('button', { name: 'Save configuration' }).click();
    await expect.poll(() => page.getByTestId('save-result').textContent()).toBe('Configuration saved.');
    const saved = (await loadConfig(sb.world.store)).tenants.find((t) => t.tenantId === CONTOSO);
    expect(saved?.domains).toEqual(['contoso.com', 'contoso.onmicrosoft.com', 'contoso.co.uk']);
  });
});
