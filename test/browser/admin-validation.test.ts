// Invalid input is refused with a message at the field, in the page (the shared zod schema runs in
// the browser before anything is sent) and in the resolver (the same schema on the server, called
// straight at the bridge endpoint as a tampered page would). Errors are announced, summarized with
// links that focus their field, and linked to the field with aria-describedby.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../src/config/schema';
import { loadConfig } from '../../src/core/config-store';
import { CONTOSO } from '../../sandbox/demo-data';
import { startAdminSandbox, type AdminSandbox } from './support/admin-sandbox';
import { ensureBuilt, launchBrowser } from './support/browser';
import { announced, descriptionOf, focusedId, openAdminPage } from './support/page';

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

const saves = () => sb.responses.filter((r) => r.functionKey === 'saveConfiguration').length;
const stored = (): Promise<Config> => loadConfig(sb.world.store);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Saves in the page and expects the browser-side check to stop it: nothing reaches the resolver. */
async function saveRefusedInPage(): Promise<void> {
  const before = saves();
  await page.getByRole('button', { name: 'Save configuration' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'The configuration was not saved' });
  await summary.waitFor();
  // The summary takes focus, so a screen reader reads it at once.
  expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
  expect(saves()).toBe(before);
}

async function discard(): Promise<void> {
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await announced(page, /Unsaved changes discarded/);
  await expect.poll(() => page.locator('.error-summary').count()).toBe(0);
}

async function expectResolverRefuses(
  spoil: (config: Config) => void,
  path: string,
  message: RegExp,
): Promise<void> {
  const config = clone(await stored());
  spoil(config);
  const response = await sb.invoke('saveConfiguration', config);
  expect(response.ok).toBe(false);
  expect(response.code).toBe('invalid_input');
  expect(response.errors?.find((e) => e.path === path)?.message).toMatch(message);
}

describe('invalid input', () => {
  it('a tenant id that is not a GUID: at the field in the page, and refused by the resolver', async () => {
    await page.getByRole('button', { name: 'Add tenant' }).click();
    await page.fill('#f-tenants-2-tenantId', 'contoso.onmicrosoft.com');
    await page.fill('#f-tenants-2-displayName', 'Typo Co');
    await saveRefusedInPage();
    expect(await page.getAttribute('#f-tenants-2-tenantId', 'aria-invalid')).toBe('true');
    expect(await descriptionOf(page, '#f-tenants-2-tenantId')).toContain(
      'Must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.',
    );
    // The summary names the field in words and its link focuses it.
    await page.getByRole('link', { name: /Tenant Typo Co, Tenant id: Must be a GUID/ }).click();
    expect(await focusedId(page)).toBe('f-tenants-2-tenantId');
    // Fixing it clears the message as you type.
    await page.fill('#f-tenants-2-tenantId', '44444444-4444-4444-8444-444444444444');
    await expect.poll(() => page.getAttribute('#f-tenants-2-tenantId', 'aria-invalid')).toBeNull();
    await discard();
    await expectResolverRefuses(
      (c) => void (c.tenants[0]!.tenantId = 'contoso.onmicrosoft.com'),
      'tenants.0.tenantId',
      /^Must be a GUID/,
    );
  });

  it('a custom endpoint that is neither https nor loopback', async () => {
    const fabrikam = page.locator('details', { has: page.locator('summary', { hasText: 'Fabrikam' }) });
    await fabrikam.locator('summary').click();
    await page.fill('#f-tenants-1-graphBaseUrl', 'http://graph.fabrikam.example');
    await saveRefusedInPage();
    expect(await descriptionOf(page, '#f-tenants-1-graphBaseUrl')).toMatch(
      /This URL must use https \(plain http is allowed only for a loopback address/,
    );
    await discard();
    await expectResolverRefuses(
      (c) => void (c.tenants[1]!.loginBaseUrl = 'http://login.fabrikam.example'),
      'tenants.1.loginBaseUrl',
      /must use https/,
    );
  });

  it('an organization mapped to two tenants', async () => {
    const fabrikam = page.locator('details', { has: page.locator('summary', { hasText: 'Fabrikam' }) });
    await fabrikam.getByLabel(/^Contoso \(mapped to Contoso\)$/).check();
    await saveRefusedInPage();
    expect(await page.getAttribute('#f-tenants-1-organizations', 'aria-invalid')).toBe('true');
    expect(await descriptionOf(page, '#f-tenants-1-organizations')).toContain(
      'Organization Contoso is already mapped to tenant 11111111-1111-4111-8111-111111111111.',
    );
    await page
      .getByRole('link', {
        name: /Tenant Fabrikam, JSM organizations: Organization Contoso is already mapped/,
      })
      .click();
    expect(await focusedId(page)).toBe('f-tenants-1-organizations');
    await discard();
    await expectResolverRefuses(
      (c) => void c.tenants[1]!.organizations.push({ ...c.tenants[0]!.organizations[0]! }),
      'tenants.1.organizations.1',
      /already mapped to tenant/,
    );
  });

  it('an import with an unknown field: refused by the resolver, shown at the import field', async () => {
    const before = await stored();
    const tampered = clone(before) as Config & { tenants: (Config['tenants'][0] & { secret?: string })[] };
    tampered.tenants[0]!.secret = 'should-not-be-here';
    await page.getByLabel('Configuration to import').fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: 'Import configuration' }).click();
    await expect
      .poll(() => descriptionOf(page, '#f-import-json'))
      .toContain('tenants.0.secret: Unknown field "secret": remove it.');
    expect(await page.getAttribute('#f-import-json', 'aria-invalid')).toBe('true');
    expect(await focusedId(page)).toBe('f-import-json');
    expect(
      await page.getByRole('alert').filter({ hasText: 'does not hold a valid configuration' }).count(),
    ).toBe(1);
    expect(await stored()).toEqual(before);

    const direct = await sb.invoke('importConfiguration', { json: JSON.stringify(tampered) });
    expect(direct).toMatchObject({
      ok: false,
      code: 'invalid_input',
      errors: [{ path: 'tenants.0.secret', message: 'Unknown field "secret": remove it.' }],
    });
    const unknownTop = await sb.invoke('saveConfiguration', { ...before, extra: true });
    expect(unknownTop.errors).toEqual([{ path: 'extra', message: 'Unknown field "extra": remove it.' }]);
  });

  it('a secret form refusal lands at its field, and Enter there does not save the configuration', async () => {
    const before = saves();
    const panel = page.getByRole('group', { name: 'Client secret' });
    await panel.getByRole('button', { name: 'Replace client secret' }).click();
    await panel.getByLabel('Client secret value').fill('   ');
    await panel.getByLabel('Client secret value').press('Enter');
    await expect
      .poll(() => descriptionOf(page, '#f-credentials-0-secret-clientSecret'))
      .toContain('Paste the client secret value.');
    expect(await focusedId(page)).toBe('f-credentials-0-secret-clientSecret');
    expect(saves()).toBe(before);
    expect((await sb.invoke('testConnection', { tenantId: CONTOSO })).ok).toBe(true);
  });
});
