// Debian's Chromium through playwright-core (no downloaded browser), one per test file, and the
// admin app built before use when its build is missing or older than its sources.
import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildApp, isBuildStale, REPO_ROOT } from '../../../scripts/build-static';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-gpu',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/**
 * Builds static/<app> if stale. Test files run in parallel workers: a lock directory (mkdir is
 * atomic) lets one build while the others wait, then they re-check.
 */
export async function ensureBuilt(app: string): Promise<void> {
  const lock = join(REPO_ROOT, 'node_modules/.cache', `static-build-${app}.lock`);
  mkdirSync(join(REPO_ROOT, 'node_modules/.cache'), { recursive: true });
  for (let waited = 0; isBuildStale(app); waited += 200) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 120_000) throw new Error(`Gave up waiting for ${lock}; delete it if no build is running.`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (isBuildStale(app)) await buildApp(app);
    } finally {
      rmdirSync(lock);
    }
  }
}
