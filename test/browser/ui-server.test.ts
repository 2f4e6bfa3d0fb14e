// The sandbox serves the Forge build byte for byte, with only the stand-in bridge added before the
// bundle; the bundle fits its budget and uses relative asset paths (Forge serves a resource from
// a sub path).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDir } from '../../scripts/build-static';
import { ADMIN_BUDGET_BYTES, adminBundleGzipBytes } from '../../scripts/bundle-size';
import { adminOperations } from '../../src/core/admin/operations';
import { injectStandin, startUiServer } from '../../sandbox/ui-server';
import { startAdminSandbox, type AdminSandbox } from './support/admin-sandbox';
import { ensureBuilt } from './support/browser';

let sb: AdminSandbox;
beforeAll(async () => {
  await ensureBuilt('admin');
  sb = await startAdminSandbox();
}, 120_000);
afterAll(() => sb?.close());

const get = (path: string, init?: RequestInit) => fetch(`${sb.ui.url}${path}`, init);

describe('the admin build', () => {
  it(`fits the budget of ${ADMIN_BUDGET_BYTES / 1024} KB of gzipped JavaScript`, () => {
    const bytes = adminBundleGzipBytes();
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThanOrEqual(ADMIN_BUDGET_BYTES);
  });

  it('refers to its assets by relative paths', () => {
    const html = readFileSync(join(buildDir('admin'), 'index.html'), 'utf8');
    expect(html).toMatch(/src="\.\/assets\/[\w-]+\.js"/);
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
  });
});

describe('startUiServer', () => {
  it('serves index.html with only the stand-in bridge added, before the bundle', async () => {
    const file = readFileSync(join(buildDir('admin'), 'index.html'), 'utf8');
    const served = await (await get('/admin/')).text();
    expect(served).toBe(injectStandin(file, 'admin'));
    expect(served.indexOf('bridge-standin.js')).toBeLessThan(served.indexOf('./assets/'));
    expect((await get('/admin')).url).toBe(`${sb.ui.url}/admin/`);
  });

  it('serves every asset byte for byte', async () => {
    const assets = readdirSync(join(buildDir('admin'), 'assets'));
    for (const name of assets) {
      const served = Buffer.from(await (await get(`/admin/assets/${name}`)).arrayBuffer());
      expect(served.equals(readFileSync(join(buildDir('admin'), 'assets', name)))).toBe(true);
    }
  });

  it('serves nothing outside the build', async () => {
    for (const path of [
      '/admin/..%2f..%2fpackage.json',
      '/admin/%2e%2e/%2e%2e/package.json',
      '/admin/assets/../../vite.config.ts',
      '/nope/',
    ]) {
      expect((await get(path)).status).toBe(404);
    }
  });

  it('answers the bridge calls Custom UI makes, and says which it does not implement', async () => {
    const post = (name: string, body: unknown) =>
      get(`/bridge/admin/${name}`, { method: 'POST', body: JSON.stringify(body) });
    expect(await (await post('getContext', null)).json()).toMatchObject({
      accountId: '5b10ac8d82e05b22cc7d4ef5',
      extension: { type: 'jira:adminPage' },
    });
    expect(await (await post('enableTheming', null)).json()).toBe(true);
    expect(await (await post('submit', { fields: [] })).json()).toBe(true);
    expect(sb.ui.submissions('admin')).toEqual([{ fields: [] }]);
    const unknown = await post('showFlag', {});
    expect(unknown.status).toBe(501);
    expect(await unknown.json()).toEqual({ message: 'The sandbox bridge does not implement "showFlag".' });
    expect(await (await post('invoke', { functionKey: 'nope', payload: {} })).json()).toMatchObject({
      ok: false,
      code: 'unknown_operation',
    });
    expect((await get('/bridge/admin/invoke')).status).toBe(405);
    expect((await get('/bridge/other/invoke', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('reports the web trigger at the origin the page came from, unless told otherwise', async () => {
    const plain = await startUiServer(sb.world, {
      resolvers: { admin: adminOperations },
      context: () => ({ accountId: 'a' }),
    });
    try {
      const response = await fetch(`${plain.url}/bridge/admin/invoke`, {
        method: 'POST',
        body: JSON.stringify({ functionKey: 'getWebTriggerUrl', payload: {} }),
      });
      expect(await response.json()).toEqual({
        ok: true,
        value: { url: `${plain.url}/webtrigger/entra-callout` },
      });
    } finally {
      await plain.close();
    }
  });
});
