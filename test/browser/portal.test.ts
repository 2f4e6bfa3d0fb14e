// The portal panels in Debian's Chromium, served by the sandbox exactly as built for Forge, each in
// the Forge-shaped context of one customer: the picker offers only the caller's tenant's
// allow-listed packages (searched as you type, picked with the keyboard), the choice submitted
// lands on the request as Jira would store it, and the status panel follows the request from
// received to delivered as the world's queue runs. An unmapped organization gets the
// explanation; a removal lists only what the customer holds; agents see the technical details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createPortalPanels, type PanelSpec, type PortalPanels } from '../../sandbox/portal-context';
import { startUiServer, type UiServer } from '../../sandbox/ui-server';
import { pickedPackageId } from '../../src/core/portal/picker-value';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';
import { ensureBuilt, launchBrowser } from './support/browser';
import { announced } from './support/page';

let world: TestWorld;
let panels: PortalPanels;
let ui: UiServer;
let browser: Browser;
const foreignRequests: string[] = [];

beforeAll(async () => {
  await ensureBuilt('portal');
  [world, browser] = await Promise.all([startWorld(), launchBrowser()]);
  panels = createPortalPanels(world);
  ui = await startUiServer(world, { resolvers: {}, context: () => ({}), extraRoutes: [panels] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await world?.close();
});

async function openPanel(spec: PanelSpec): Promise<{ page: Page; id: string }> {
  const { id, path } = panels.open({ pollMs: 150, ...spec });
  const context = await browser.newContext({ viewport: { width: 700, height: 700 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => {
    throw error;
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(ui.url)) foreignRequests.push(request.url());
  });
  await page.goto(`${ui.url}${path}`);
  return { page, id };
}

const optionIds = (page: Page) =>
  page.$$eval('[role="option"]', (els) => els.map((e) => e.getAttribute('data-package-id') ?? ''));
const optionNames = (page: Page) =>
  page.$$eval('[role="option"] .option-name', (els) => els.map((e) => e.textContent ?? ''));
const phaseOf = (page: Page) => page.getByTestId('phase').textContent();

describe('the package picker and the status panel', () => {
  it("offer a customer only their tenant's packages, and follow the request they send to delivery", async () => {
    const adele = world.demo.customers.adele;
    const { page, id } = await openPanel({
      panel: 'picker',
      accountId: adele.accountId,
      requestTypeId: world.demo.requestTypes.grant,
    });
    const box = page.getByRole('combobox', { name: /Access package to request/ });
    await box.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    // Every option is on Contoso's allow-list; nothing of Fabrikam or of the Restricted catalog.
    await box.focus();
    await expect.poll(() => optionIds(page)).toHaveLength(8);
    const p = world.demo.packages;
    expect((await optionIds(page)).sort()).toEqual(
      [p.sales, p.obrien, p.rnd, p.finance, p.ventes, p.sharedGeneral, p.noPolicy, p.sharedPartners].sort(),
    );
    expect(await box.getAttribute('aria-expanded')).toBe('true');

    // Search as you type (accents ignored), announced, then pick with the keyboard.
    await box.pressSequentially('equipe');
    await expect.poll(() => optionNames(page)).toEqual(['Ventes – Équipe']);
    await announced(page, /1 package matches/);
    await box.fill('');
    await box.pressSequentially('payroll');
    await expect.poll(() => page.getByTestId('no-match').textContent()).toContain('No package matches');
    await box.fill('');
    await box.pressSequentially('sales');
    await expect.poll(() => optionNames(page)).toEqual(['Sales & Marketing']);
    await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    expect(await page.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('selection').textContent()).toContain('Sales & Marketing');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await announced(page, /Sales & Marketing selected/);

    // view.submit got the choice, marked as ours; the form is valid only with a choice.
    const submitted = panels.lastSubmission(id);
    expect(submitted?.isValid).toBe(true);
    expect(pickedPackageId(submitted?.fields?.[0]?.value)).toBe(p.sales);

    // The portal form is sent: Jira stores the panel's data on the new request.
    const issue = await world.raise({ customer: adele });
    expect(await panels.attachPick(issue.key, id)).toBe(true);

    const status = (await openPanel({ panel: 'status', accountId: adele.accountId, issueKey: issue.key }))
      .page;
    await expect.poll(() => phaseOf(status)).toBe('Received');
    expect(await status.locator('[aria-current="step"]').textContent()).toContain('Received');

    await world.runQueue({ untilMs: world.clock.now() });
    await expect.poll(() => phaseOf(status)).toBe('Submitted to Entra');
    expect(await status.getByTestId('status-text').textContent()).toContain(
      "for your access to 'Sales & Marketing'",
    );

    await world.runQueue();
    await expect.poll(() => phaseOf(status)).toBe('Delivered');
    expect(await status.getByTestId('status-text').textContent()).toMatch(
      /^You have access to 'Sales & Marketing' until \w+ \d{1,2}, \d{4}\.$/,
    );
    await announced(status, /Request status: Delivered/);
    expect(await status.getByTestId('status-panel').getAttribute('data-phase')).toBe('delivered');
    expect(await status.getByTestId('agent-details').count()).toBe(0);
    expect(await world.outcome(issue.key)).toMatchObject({ phase: 'delivered' });

    // The agents' panel on the same issue: the same state plus the technical details.
    const agent = (
      await openPanel({ panel: 'agent', accountId: world.jira.agentAccountId, issueKey: issue.key })
    ).page;
    await expect.poll(() => phaseOf(agent)).toBe('Delivered');
    const details = (await agent.getByTestId('agent-details').textContent()) ?? '';
    expect(details).toContain(world.demo.packages.sales);
    expect(details).toContain('Contoso (11111111-1111-4111-8111-111111111111)');
    expect(details).toMatch(/Entra request id[0-9a-f-]{36}/);

    // Another organization's customer opening the same request sees nothing of it.
    const stranger = (
      await openPanel({
        panel: 'status',
        accountId: world.demo.customers.ines.accountId,
        issueKey: issue.key,
      })
    ).page;
    await expect
      .poll(() => stranger.getByTestId('status-explanation').textContent())
      .toContain('cannot be shown');
    expect(await stranger.content()).not.toContain('Sales & Marketing');
  });

  it('explains to a customer whose organization maps to no tenant, and lets the form be sent', async () => {
    const { page, id } = await openPanel({
      panel: 'picker',
      accountId: world.demo.customers.nora.accountId,
      requestTypeId: world.demo.requestTypes.grant,
    });
    await expect
      .poll(() => page.getByTestId('picker-explanation').textContent())
      .toContain('Your organization is not set up for access requests yet');
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(panels.lastSubmission(id)).toEqual({ fields: [], isValid: true });
  });

  it('lists, for a removal, only the packages the customer holds', async () => {
    const { page, id } = await openPanel({
      panel: 'picker',
      accountId: world.demo.customers.holder.accountId,
      requestTypeId: world.demo.requestTypes.remove,
    });
    const box = page.getByRole('combobox', { name: /Access package to remove/ });
    await box.waitFor();
    await box.press('ArrowDown');
    await expect.poll(() => optionIds(page)).toEqual([world.demo.packages.sales]);
    // The demo assignment has no end date, so the option names the package only.
    expect(await page.locator('[role="option"]').textContent()).toBe('Sales & Marketing');
    await box.press('Enter');
    expect(pickedPackageId(panels.lastSubmission(id)?.fields?.[0]?.value)).toBe(world.demo.packages.sales);

    // A customer who holds nothing is told so instead of seeing an empty list.
    const megan = (
      await openPanel({
        panel: 'picker',
        accountId: world.demo.customers.megan.accountId,
        requestTypeId: world.demo.requestTypes.remove,
      })
    ).page;
    await expect
      .poll(() => megan.getByTestId('picker-empty').textContent())
      .toContain('You do not hold any access');
  });

  it('loaded nothing from outside the sandbox', () => {
    expect(foreignRequests).toEqual([]);
  });
});
