// On Forge the admin page does not offer the `custom` cloud (the app may call only the hosts its
// manifest declares), explains why at the field, and the resolver refuses a tenant that still has
// one with that explanation at the tenant's cloud field. The sandbox stand-in runs as Forge here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config-store';
import { startAdminSandbox, type AdminSandbox } from './support/admin-sandbox';
import { ensureBuilt, launchBrowser } from './support/browser';
import { descriptionOf, openAdminPage } from './support/page';

let sb: AdminSandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureBuilt('admin');
  [sb, browser] = await Promise.all([startAdminSandbox({ onForge: true }), launchBrowser()]);
  page = (await openAdminPage(browser, sb.ui.appUrl('admin'))).page;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

const options = (selector: string) =>
  page.$$eval(`${selector} option`, (list) =>
    list.map((o) => [(o as HTMLOptionElement).value, o.textContent]),
  );

describe('the cloud of a tenant, on Forge', () => {
  it('offers the Microsoft clouds only, and says why custom endpoints are not there', async () => {
    // Contoso is on the global cloud, Fabrikam (demo data) on custom endpoints.
    await page.locator('[data-testid="tenant-0"] summary').click();
    await page.locator('[data-testid="tenant-1"] summary').click();
    expect((await options('#f-tenants-0-cloud')).map(([v]) => v)).toEqual([
      'global',
      'usgov',
      'usgovdod',
      'china',
    ]);
    expect(await options('#f-tenants-1-cloud')).toContainEqual([
      'custom',
      'Custom endpoints (not available on Forge)',
    ]);
    expect(await descriptionOf(page, '#f-tenants-0-cloud')).toMatch(/sandbox and tests.*manifest/);
  });

  it('refuses to save a tenant on custom endpoints, with the reason at its cloud field', async () => {
    const before = await loadConfig(sb.world.store);
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await expect
      .poll(() => descriptionOf(page, '#f-tenants-1-cloud'))
      .toMatch(/Custom endpoints work only in the sandbox and tests/);
    expect(await loadConfig(sb.world.store)).toEqual(before);
    // Picking a Microsoft cloud is what the page asks for; the custom option then goes away.
    await page.selectOption('#f-tenants-1-cloud', 'global');
    expect((await options('#f-tenants-1-cloud')).map(([v]) => v)).not.toContain('custom');
  });
});
