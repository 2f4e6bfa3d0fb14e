// The admin page in the sandbox, for browser tests: a world on a fake clock with the demo data,
// a third customer tenant (Northwind) registered in the emulators but not yet configured, and the
// UI server running the admin registry. Every resolver response is recorded.
import { adminOperations } from '../../../src/core/admin/operations';
import { startUiServer, type InvokeRecord, type UiServer } from '../../../sandbox/ui-server';
import { startWorld, type TestWorld } from '../../integration/workflow/world-support';
import { ROLES } from '../../../sandbox/demo-data';

export const NORTHWIND = '33333333-3333-4333-8333-333333333333';
export const NORTHWIND_APP = '0b0b0b0b-0000-4000-8000-00000000b77d';
export const NORTHWIND_SECRET = 'northwind-client-secret~Zx9.only-for-tests';
export const ADMIN_ACCOUNT = '5b10ac8d82e05b22cc7d4ef5';
export const WEB_TRIGGER = 'https://example.invalid/x1/entra-callout-webtrigger';

export interface AdminSandbox {
  world: TestWorld;
  ui: UiServer;
  responses: InvokeRecord[];
  northwind: { catalogId: string; packageId: string; packageName: string; catalogName: string };
  /** Calls an operation the way the page does, straight at the bridge endpoint. */
  invoke(
    functionKey: string,
    payload: unknown,
  ): Promise<{
    ok: boolean;
    value?: unknown;
    code?: string;
    message?: string;
    errors?: { path: string; message: string }[];
  }>;
  close(): Promise<void>;
}

export async function startAdminSandbox(options: { onForge?: boolean } = {}): Promise<AdminSandbox> {
  const world = await startWorld();
  world.login.addTenant(NORTHWIND);
  world.login.registerApp(NORTHWIND, { clientId: NORTHWIND_APP, secret: NORTHWIND_SECRET, roles: ROLES });
  const data = world.graphGlobal.tenant(NORTHWIND);
  const catalog = data.addCatalog({ displayName: 'Northwind Apps' });
  const pkg = data.addAccessPackage({
    catalogId: catalog.id,
    displayName: 'Warehouse Dashboard',
    policies: [{ displayName: 'Direct', allowedTargetScope: 'allDirectoryUsers' }],
  });
  data.addAccessPackage({
    catalogId: catalog.id,
    displayName: 'Fleet Tracker',
    policies: [{ displayName: 'Direct', allowedTargetScope: 'allDirectoryUsers' }],
  });

  const responses: InvokeRecord[] = [];
  const ui = await startUiServer(world, {
    resolvers: { admin: adminOperations },
    context: (app) => ({
      accountId: ADMIN_ACCOUNT,
      cloudId: 'sandbox-cloud',
      moduleKey: `${app}-page`,
      extension: { type: 'jira:adminPage' },
      locale: 'en-US',
      timezone: 'UTC',
    }),
    webTriggerUrl: () => WEB_TRIGGER,
    observe: (record) => responses.push(record),
    onForge: options.onForge,
  });
  return {
    world,
    ui,
    responses,
    northwind: {
      catalogId: catalog.id,
      packageId: pkg.id,
      packageName: 'Warehouse Dashboard',
      catalogName: 'Northwind Apps',
    },
    async invoke(functionKey, payload) {
      const response = await fetch(`${ui.url}/bridge/admin/invoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ functionKey, payload }),
      });
      return (await response.json()) as Awaited<ReturnType<AdminSandbox['invoke']>>;
    },
    async close() {
      await ui.close();
      await world.close();
    },
  };
}
