// Page helpers for the admin page tests: open it, wait for it, read what a screen reader hears.
import { expect } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';

export interface AdminPage {
  page: Page;
  /** Bodies of every bridge response the browser received. */
  bridgeBodies: Promise<string>[];
}

export async function openAdminPage(browser: Browser, url: string): Promise<AdminPage> {
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const bridgeBodies: Promise<string>[] = [];
  page.on('response', (response: Response) => {
    if (new URL(response.url()).pathname.startsWith('/bridge/'))
      bridgeBodies.push(response.text().catch(() => ''));
  });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Credentials', level: 2 }).waitFor();
  await page.getByTestId('audit-table').waitFor();
  return { page, bridgeBodies };
}

/** The polite live region's text, once it matches. */
export async function announced(page: Page, pattern: RegExp): Promise<void> {
  await expect
    .poll(async () => (await page.getByTestId('announcer').textContent()) ?? '', { timeout: 10_000 })
    .toMatch(pattern);
}

/** id of the focused element. */
export const focusedId = (page: Page): Promise<string> =>
  page.evaluate(() => document.activeElement?.id ?? '');

/** The texts an input's aria-describedby points at (hint and error), as a screen reader reads them. */
export function descriptionOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
