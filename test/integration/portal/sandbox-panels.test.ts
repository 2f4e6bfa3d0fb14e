// The sandbox's portal glue (sandbox/portal-context.ts) over HTTP, as the demo page uses it: open
// a panel session, load its page, talk to its bridge; sessions are separate and files stay inside
// the build.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalPanels, type PortalPanels } from '../../../sandbox/portal-context';
import { startWorld, type TestWorld } from '../workflow/world-support';
import { ensureBuilt } from '../../browser/support/browser';

let world: TestWorld;
let panels: PortalPanels;
let server: Server;
let url: string;

beforeAll(async () => {
  await ensureBuilt('portal');
  world = await startWorld();
  panels = createPortalPanels(world);
  server = createServer((req, res) => {
    void panels.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end('not mine');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
  await world?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the sandbox portal panels', () => {
  it('open a session over HTTP and serve the built page with the stand-in bridge first', async () => {
    const created = await post('/portal-panel/sessions', {
      panel: 'picker',
      accountId: world.demo.customers.adele.accountId,
      requestTypeId: world.demo.requestTypes.grant,
    });
    expect(created.status).toBe(201);
    const { id, path } = (await created.json()) as { id: string; path: string };
    expect(path).toBe(`/portal-panel/${id}/`);
    const html = await (await fetch(`${url}${path}`)).text();
    expect(html.indexOf(`data-app="portal-${id}"`)).toBeGreaterThan(-1);
    expect(html.indexOf('bridge-standin.js')).toBeLessThan(html.indexOf('type="module"'));
    expect((await fetch(`${url}/portal-panel/bridge-standin.js`)).status).toBe(200);

    const context = (await (await post(`/bridge/portal-${id}/getContext`, null)).json()) as {
      moduleKey: string;
      accountId: string;
    };
    expect(context).toMatchObject({
      moduleKey: 'package-picker',
      accountId: world.demo.customers.adele.accountId,
    });
    const answer = (await (
      await post(`/bridge/portal-${id}/invoke`, { functionKey: 'listPackages', payload: { query: 'sales' } })
    ).json()) as { ok: boolean; value: { packages: { displayName: string }[] } };
    expect(answer.ok).toBe(true);
    expect(answer.value.packages.map((p) => p.displayName)).toEqual(['Sales & Marketing']);
  });

  it('refuse bad sessions, paths outside the build, and submit from a panel that is not the create form', async () => {
    expect(
      (
        await post('/portal-panel/sessions', {
          panel: 'picker',
          accountId: 'x',
          requestTypeId: '1',
          extra: 1,
        })
      ).status,
    ).toBe(400);
    expect(
      (await post('/portal-panel/sessions', { panel: 'status', accountId: 'x', issueKey: 'not a key' }))
        .status,
    ).toBe(400);
    expect((await post(`/bridge/portal-${'0'.repeat(32)}/invoke`, {})).status).toBe(404);
    const { id } = panels.open({
      panel: 'status',
      accountId: world.demo.customers.adele.accountId,
      issueKey: 'HELP-1',
    });
    expect((await fetch(`${url}/portal-panel/${id}/..%2F..%2F..%2Fpackage.json`)).status).toBe(404);
    expect(await (await post(`/bridge/portal-${id}/submit`, { fields: [], isValid: true })).json()).toBe(
      false,
    );
    expect(panels.lastSubmission(id)).toBeUndefined();
    expect(await panels.attachPick('HELP-1', id)).toBe(false);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });
});
